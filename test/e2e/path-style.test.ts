// Servers that only speak path-style (/<bucket>/<key>), as Alibaba's OSS emulator and some private deployments do:
// the local server in that mode, the real PicGo and ali-oss, with and without the "pathStyle" setting.
import sharp from 'sharp'
import { checkConnection } from '../../src/commands/check/probe'
import { resolveSettings } from '../../src/settings/config'
import type { OssServer } from '../../tools/oss-server'
import { keyOfUrl, TEST_AK } from '../helpers/picgo'
import { useOssServer } from '../helpers/oss-server'
import { uploadFiles } from '../helpers/upload'

const server = useOssServer({ pathStyleOnly: true })
const privateServer = useOssServer({ pathStyleOnly: true, buckets: [{ name: 'test-bucket', region: 'oss-cn-hangzhou', acl: 'private' }] })
/** Reads the bucket from the Host when it names one, else from the path: as most OSS-compatible servers do. */
const bothStyles = useOssServer()
beforeEach(() => server.clearLog())

const settings = (endpoint: string, overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  ...TEST_AK,
  bucket: 'test-bucket',
  region: 'oss-cn-hangzhou',
  endpoint,
  timeout: 5000,
  ...overrides
})

async function uploadOne(config: Record<string, unknown>, shade: number): Promise<{ url?: string; logs: string[] }> {
  const png = await sharp({ create: { width: 12, height: 12, channels: 3, background: { r: shade, g: 10, b: 200 } } })
    .png()
    .toBuffer()
  const { items, error, logs } = await uploadFiles(config, { [`path-style-${shade}.png`]: png }, { debug: false })
  if (error) throw error
  return { url: items[0]?.imgUrl, logs }
}

test('without "pathStyle" a path-style-only server refuses the upload with 400 InvalidRequest, and PicGo says so', async () => {
  // An IP endpoint: ali-oss then names the bucket only in the Host (a host name would not even resolve: test-bucket.localhost).
  const { url, logs } = await uploadOne(settings(server.url, { customUrl: `${server.url}/test-bucket` }), 1)

  expect(url).toBeUndefined()
  expect(logs.join('\n')).toMatch(/400 InvalidRequest \(request id [0-9A-F]{24}\)/)
  expect(server.listKeys('test-bucket')).toEqual([])
})

test.each([
  ['a host name', (s: OssServer) => `http://localhost:${s.port}`],
  ['an IP address', (s: OssServer) => s.url]
])('with "pathStyle" the upload goes to /<bucket>/<key> on an endpoint with %s, and the URL is <endpoint>/<bucket>/<key>', async (_, endpointOf) => {
  const endpoint = endpointOf(server)
  const { url } = await uploadOne(settings(endpoint, { pathStyle: true }), endpoint.includes('localhost') ? 2 : 3)

  expect(url).toMatch(new RegExp(`^${endpoint}/test-bucket/img/[0-9a-f]{16}\\.png$`))
  expect(server.listKeys('test-bucket')).toContain(keyOfUrl(url ?? ''))
  const puts = server.requests.filter((r) => r.method === 'PUT')
  expect(puts.map((r) => `${r.status} ${r.bucket}/${r.key}`)).toEqual([`200 test-bucket/${keyOfUrl(url ?? '')}`])
  if (endpoint.includes('localhost')) expect(puts[0]?.headers.host).toBe(`localhost:${server.port}`)
  expect((await fetch(url ?? '')).status).toBe(200)
})

test.each([
  ['V4', 'v4'],
  ['V1', 'v1']
])(
  'with "pathStyle" and an IP endpoint (the README\'s http://10.0.0.5:8080 case) a server that takes both styles gets /<bucket>/<key> with the IP as Host, %s',
  async (_, signatureVersion) => {
    bothStyles.clearLog()
    const { url, logs } = await uploadOne(settings(bothStyles.url, { pathStyle: true, signatureVersion }), signatureVersion === 'v4' ? 4 : 5)

    expect(logs.join('\n')).not.toMatch(/SignatureDoesNotMatch/)
    expect(url).toMatch(new RegExp(`^${bothStyles.url}/test-bucket/img/[0-9a-f]{16}\\.png$`))
    const puts = bothStyles.requests.filter((r) => r.method === 'PUT')
    expect(puts.map((r) => `${r.status} ${r.bucket}/${r.key} ${r.headers.host}`)).toEqual([
      `200 test-bucket/${keyOfUrl(url ?? '')} 127.0.0.1:${bothStyles.port}`
    ])
    expect((await fetch(url ?? '')).status).toBe(200)
  }
)

test.each(['v4', 'v1'])(
  'check passes every step with "pathStyle", an IP endpoint and signed URLs (%s) against a server that takes both styles',
  async (signatureVersion) => {
    const steps = await checkConnection(resolveSettings(settings(bothStyles.url, { pathStyle: true, signatureVersion, signedUrlExpires: 60 })))

    expect(steps.map((s) => `${s.step}:${s.ok ? 'ok' : s.detail}`)).toEqual(['signature:ok', 'write:ok', 'read:ok', 'url:ok', 'delete:ok'])
  }
)

test('check passes every step against a path-style-only server, with signed URLs on a private bucket too', async () => {
  const endpoint = `http://localhost:${privateServer.port}`
  const steps = await checkConnection(resolveSettings(settings(endpoint, { pathStyle: true, signedUrlExpires: 60 })))

  expect(steps.map((s) => `${s.step}:${s.ok ? 'ok' : s.detail}`)).toEqual(['signature:ok', 'write:ok', 'read:ok', 'url:ok', 'delete:ok'])
  expect(steps[3]?.detail).toMatch(new RegExp(`^${endpoint}/test-bucket/img/\\.aliyun-oss-plus-check-.*signed, valid 60 s`))
})

test.each([
  [{ pathStyle: true, endpoint: '' }, /Expected the server's URL \(http:\/\/10\.0\.0\.5:8080\) when "pathStyle" is on for "endpoint" but received ""/],
  [
    { pathStyle: true, cname: true, endpoint: 'https://img.example.com' },
    /Expected false when "cname" is on .* for "pathStyle" but received true of type boolean/
  ]
])('"pathStyle" settings that cannot work are refused: %o', (overrides, message) => {
  expect(() => resolveSettings(settings('', overrides))).toThrow(message)
})
