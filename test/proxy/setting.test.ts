import { parseProxy } from '../../src/proxy/setting'

test.each([[undefined], [null], [''], ['   ']])('no proxy when picBed.proxy is %p', (value) => {
  expect(parseProxy(value)).toBeUndefined()
})

test.each([
  ['http://127.0.0.1:7890', { host: '127.0.0.1', port: 7890, shown: 'http://127.0.0.1:7890' }],
  ['127.0.0.1:7890', { host: '127.0.0.1', port: 7890, shown: 'http://127.0.0.1:7890' }],
  ['http://proxy.corp.example', { host: 'proxy.corp.example', port: 80, shown: 'http://proxy.corp.example' }],
  ['http://[::1]:3128/', { host: '::1', port: 3128, shown: 'http://[::1]:3128' }]
])('%p is the proxy %p', (value, expected) => {
  expect(parseProxy(value)).toEqual({ ...expected, authorization: undefined, secrets: [] })
})

test('a user and password become Basic Proxy-Authorization, and are hidden in what is shown', () => {
  const proxy = parseProxy('http://al%40ice:p%3Ass@127.0.0.1:8080')
  expect(proxy?.authorization).toBe(`Basic ${Buffer.from('al@ice:p:ss').toString('base64')}`)
  expect(proxy?.shown).toBe('http://***@127.0.0.1:8080')
  expect(proxy?.secrets).toEqual(['p:ss', 'p%3Ass'])
})

test.each([
  ['socks5://127.0.0.1:1080', '"socks5://127.0.0.1:1080"'],
  ['https://127.0.0.1:8443', '"https://127.0.0.1:8443"'],
  ['http://127.0.0.1:7890/pac', '"http://127.0.0.1:7890/pac"'],
  ['http://u:secret-pw@127.0.0.1:7890/x', '"http://***@127.0.0.1:7890/x"'],
  ['not a url', '"not a url"'],
  [7890, '7890 of type number']
])('%p is refused in one sentence naming picBed.proxy', (value, shown) => {
  expect(() => parseProxy(value)).toThrow(
    `[aliyun-oss-plus] Expected an http:// proxy URL such as "http://127.0.0.1:7890" for "picBed.proxy" but received ${shown}`
  )
})
