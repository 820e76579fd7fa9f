// Settings that parse but can never work are refused when read; OSS and network errors read as what they are;
// signed URLs keep customUrl's path and work with V1 on an IP host. All through the real PicGo and ali-oss.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import sharp from 'sharp'
import { resolveSettings } from '../../src/settings/config'
import { createPicGo, localSettings, type TestPicGo } from '../helpers/picgo'
import { useOssServer } from '../helpers/oss-server'
import { uploadFiles } from '../helpers/upload'

const REQUIRED = { accessKeyId: 'id', accessKeySecret: 'secret', bucket: 'my-images', region: 'oss-cn-hangzhou' }
const server = useOssServer({ buckets: [{ name: 'test-bucket', region: 'oss-cn-hangzhou', acl: 'private' }] })
let session: TestPicGo | undefined
let shade = 0

afterEach(async () => {
  server.clearFaults()
  await session?.cleanup()
  session = undefined
})

/** Uploads one new small PNG under `name` through a real PicGo; returns the URL or the error PicGo threw. */
async function upload(settings: Record<string, unknown>, name = 'photo.png'): Promise<{ url?: string; error?: string }> {
  session = createPicGo(settings)
  const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: { r: ++shade, g: 40, b: 90 } } })
    .png()
    .toBuffer()
  const { items, error } = await uploadFiles(session, { [name]: png })
  if (error) return { error: error.message }
  return { url: items[0]?.imgUrl }
}

describe('settings that cannot work are refused, naming the setting and the value', () => {
  test.each([
    ['fileName ending in "/"', { fileName: '{hash}/' }, /Expected a name template that does not end with "\/" .* for "fileName" but received "\{hash\}\/"/],
    [
      'endpoint with a path',
      { endpoint: 'https://oss-cn-hangzhou.aliyuncs.com/my-images' },
      /Expected an origin without a path or query, like "https:\/\/oss-cn-hangzhou.aliyuncs.com" .* for "endpoint" but received "https:\/\/oss-cn-hangzhou.aliyuncs.com\/my-images"/
    ],
    [
      'endpoint with a query',
      { endpoint: 'https://oss-cn-hangzhou.aliyuncs.com/?x=1' },
      /for "endpoint" but received "https:\/\/oss-cn-hangzhou.aliyuncs.com\/\?x=\*\*\*"/
    ],
    ['path too long for any key', { path: 'p'.repeat(1010) }, /keys of at most 1023 bytes \(these make at least 1028\) for "path"/],
    ['fileName too long for any key', { fileName: `${'n'.repeat(1000)}-{uuid}.{ext}` }, /keys of at most 1023 bytes .* for "fileName"/]
  ])('%s', (_, override, message) => {
    expect(() => resolveSettings({ ...REQUIRED, ...override })).toThrow(message)
  })

  test('a user name and password in the endpoint are refused without printing the password', () => {
    expect(() => resolveSettings({ ...REQUIRED, endpoint: 'https://me:hunter2@oss-cn-hangzhou.aliyuncs.com' })).toThrow(
      /Expected a URL without "user:password@" .* for "endpoint" but received "https:\/\/\*\*\*@oss-cn-hangzhou.aliyuncs.com"/
    )
    expect(() => resolveSettings({ ...REQUIRED, endpoint: 'https://me:hunter2@oss-cn-hangzhou.aliyuncs.com' })).not.toThrow(/hunter2/)
  })

  test.each([
    ['endpoint', 'me:hunter2@oss-cn-hangzhou.aliyuncs.com', /Expected a URL without "user:password@" .* for "endpoint"/],
    ['customUrl', 'admin:hunter2@img.example.com', /Expected a URL without "user:password@" .* for "customUrl"/],
    [
      'customUrl',
      'https://img.example.com/?token=hunter2',
      /Expected a URL without "\?" or "#" .* for "customUrl" but received "https:\/\/img\.example\.com\/\?token=\*\*\*"/
    ],
    [
      'endpoint',
      'https://oss-cn-hangzhou.aliyuncs.com/?token=hunter2',
      /Expected an origin without a path or query.* for "endpoint" but received "https:\/\/oss-cn-hangzhou\.aliyuncs\.com\/\?token=\*\*\*"/
    ],
    ['customUrl', 'admin:hunter2@img.example.com\nhttps://evil.example', /for "customUrl"/]
  ])('%s %p is refused without printing its credentials (issue 23 item 5)', (setting, value, message) => {
    expect(() => resolveSettings({ ...REQUIRED, [setting]: value })).toThrow(message)
    expect(() => resolveSettings({ ...REQUIRED, [setting]: value })).not.toThrow(/hunter2/)
  })

  test("an endpoint with a path is refused by PicGo's upload before any request", async () => {
    server.clearLog()
    const result = await upload(localSettings(server, { endpoint: `${server.url}/test-bucket` }))
    expect(result.error).toMatch(/Expected an origin without a path or query.* for "endpoint"/)
    expect(server.requests).toHaveLength(0)
  })

  test('a key made too long by "fileName" at upload names "fileName", not "path"', async () => {
    const result = await upload(localSettings(server, { fileName: `${'n'.repeat(900)}-{name}.{ext}` }), `${'长'.repeat(60)}.png`)
    expect(result.error).toMatch(/Object key is \d+ bytes long; OSS allows 1023\. Shorten "fileName"/)
  })
})

describe('errors read as what happened', () => {
  test('501 NotImplemented is not retried', async () => {
    server.clearLog()
    server.injectFaults({ kind: 'status', status: 501, code: 'NotImplemented', methods: ['PUT'] })
    const result = await upload(localSettings(server, { retries: 3, dedupe: false }))
    expect(result.error).toMatch(/501 NotImplemented/)
    expect(server.requests.filter((r) => r.method === 'PUT')).toHaveLength(1)
  })

  test('a 5xx without an OSS error body reads as its status, not "UnknownError: unknow request error"', async () => {
    const gateway: Server = createServer((_, response) => {
      response.writeHead(502, { 'content-type': 'text/html' })
      response.end('<html><body>502 Bad Gateway</body></html>')
    })
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = gateway.address() as AddressInfo
      const result = await upload(localSettings(server, { endpoint: `http://127.0.0.1:${port}`, retries: 0 }))
      expect(result.error).toMatch(/: 502 BadGateway: the answer had no OSS error body: a proxy \("picBed\.proxy"\), gateway or load balancer/)
      expect(result.error).not.toMatch(/UnknownError|unknow/i)
    } finally {
      gateway.close()
    }
  })

  test("ENOTFOUND names the host that did not resolve (the bucket in front of the endpoint's host)", async () => {
    const result = await upload(localSettings(server, { endpoint: 'http://oss-nowhere.invalid', retries: 0 }))
    expect(result.error).toMatch(/ENOTFOUND: the host name "test-bucket\.oss-nowhere\.invalid" does not resolve/)
  })
})

describe('signed URLs', () => {
  test.each(['v4', 'v1'])('%s: a customUrl with a path keeps its path, and the URL serves the private object', async (signatureVersion) => {
    // localSettings' customUrl is http://127.0.0.1:PORT/test-bucket: a path, as a CDN's "https://cdn.example.com/images".
    const result = await upload(localSettings(server, { signedUrlExpires: 60, signatureVersion }))
    expect(result.url).toMatch(new RegExp(`^${server.url}/test-bucket/img/[0-9a-f]{16}\\.png\\?`))
    const response = await fetch(result.url as string)
    expect(response.status).toBe(200)
  })

  test('V1 with a customUrl that is an IP address signs a working URL instead of failing after the PUT', async () => {
    const result = await upload(localSettings(server, { signedUrlExpires: 60, signatureVersion: 'v1' }))
    expect(result.error).toBeUndefined()
    expect(result.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/test-bucket\/img\/.*[?&]Signature=/)
    expect((await fetch(result.url as string)).status).toBe(200)
  })
})
