// The profiles of today's OSS (tools/oss-server/profiles.ts) against the real ali-oss and plain HTTP requests:
// each refusal with Aliyun's status, Code, EC (body and x-oss-ec header) and RecommendDoc, and what still works.
import { request } from 'node:http'
import OSS from 'ali-oss'
import { startOssServer, type OssServer } from '../../tools/oss-server'
import { parseCliArgs } from '../../tools/oss-server/cli'
import { aliOssClient, failureOf } from '../helpers/ali-oss'

const servers: OssServer[] = []
async function serverWith(profile: string, acl: 'public-read' | 'private' = 'public-read', region = 'oss-cn-hangzhou'): Promise<OssServer> {
  const server = await startOssServer({ profile, buckets: [{ name: 'test-bucket', region, acl }] })
  servers.push(server)
  return server
}
afterAll(() => Promise.all(servers.map((s) => s.close())))

interface RawAnswer {
  status: number
  ec?: string
  body: string
}

/** An unsigned request with the Host a browser would send for that URL. */
function rawRequest(server: OssServer, method: string, host: string, path: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, method, path, headers: { ...headers, host } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, ec: res.headers['x-oss-ec'] as string | undefined, body: Buffer.concat(chunks).toString('utf8') })
      )
    })
    req.on('error', reject)
    req.end()
  })
}

const v4 = (server: OssServer, addressing: 'ip' | 'cname' = 'ip'): OSS => aliOssClient(server, { v4: true, addressing })

describe('new mainland account: PublicEndpointForbidden on the default public endpoint', () => {
  test.each([
    ['PUT', (oss: OSS) => oss.put('a.png', Buffer.from('x'))],
    ['HEAD', (oss: OSS) => oss.head('a.png')],
    ['GET', (oss: OSS) => oss.get('a.png')],
    ['DELETE', (oss: OSS) => oss.delete('a.png')],
    ['ListObjectsV2', (oss: OSS) => oss.listV2({ 'max-keys': '1' })]
  ])('a signed %s through <bucket>.oss-cn-hangzhou.aliyuncs.com gets 400 PublicEndpointForbidden, EC 0048-00000401', async (_name, call) => {
    const server = await serverWith('new-mainland-account')
    const failure = (await failureOf(call(v4(server)))) as { status: number; code: string; ecCode?: string; requestId?: string }

    expect(failure).toMatchObject({ status: 400, code: 'PublicEndpointForbidden', requestId: expect.stringMatching(/^[0-9A-F]{24}$/) })
    if (_name !== 'HEAD') expect(failure.ecCode).toBe('0048-00000401')
    expect(server.listKeys('test-bucket')).toEqual([])
  })

  test('an anonymous GET of the default URL gets the same refusal, with the EC in the body, the header and RecommendDoc', async () => {
    const server = await serverWith('new-mainland-account')
    server.putObject('test-bucket', 'a.png', Buffer.from('x'))
    const answer = await rawRequest(server, 'GET', 'test-bucket.oss-cn-hangzhou.aliyuncs.com', '/a.png')

    expect(answer.status).toBe(400)
    expect(answer.ec).toBe('0048-00000401')
    expect(answer.body).toMatch(/<Code>PublicEndpointForbidden<\/Code>/)
    expect(answer.body).toMatch(/<Message>Not allowed using the OSS public endpoint, please use CNAME instead\.<\/Message>/)
    expect(answer.body).toMatch(/<EC>0048-00000401<\/EC>/)
    expect(answer.body).toMatch(/<RecommendDoc>https:\/\/api\.aliyun\.com\/troubleshoot\?q=0048-00000401<\/RecommendDoc>/)
  })

  test('a bound domain (cname Host), the internal endpoint and a bucket outside the mainland are served', async () => {
    const server = await serverWith('new-mainland-account')
    await v4(server, 'cname').put('bound.png', Buffer.from('bound'))
    expect(server.getObject('test-bucket', 'bound.png')?.body.toString()).toBe('bound')
    const internal = await rawRequest(server, 'GET', 'test-bucket.oss-cn-hangzhou-internal.aliyuncs.com', '/bound.png')
    expect(internal.status).not.toBe(400)

    const hongKong = await serverWith('new-mainland-account', 'public-read', 'oss-cn-hongkong')
    await aliOssClient(hongKong, { v4: true, region: 'oss-cn-hongkong' }).put('hk.png', Buffer.from('hk'))
    expect(hongKong.listKeys('test-bucket')).toEqual(['hk.png'])
  })

  test('the same requests on a server without the profile are served (the profile is what refuses them)', async () => {
    const server = await serverWith('before-2025')
    await v4(server).put('a.png', Buffer.from('x'))
    expect((await rawRequest(server, 'GET', 'test-bucket.oss-cn-hangzhou.aliyuncs.com', '/a.png')).status).toBe(200)
  })
})

describe('Block Public Access', () => {
  test('an anonymous read of a public-read bucket gets 403 AccessDenied, a signed read is served', async () => {
    const server = await serverWith('block-public-access')
    server.putObject('test-bucket', 'a.png', Buffer.from('x'), { 'x-oss-object-acl': 'public-read' })
    const answer = await rawRequest(server, 'GET', 'localhost', '/a.png')

    expect(answer.status).toBe(403)
    expect(answer.body).toMatch(/<Code>AccessDenied<\/Code>[\s\S]*Block Public Access/)
    expect(answer.ec).toBe('0003-00000001')
    expect((await v4(server, 'cname').get('a.png')).content.toString()).toBe('x')
  })

  test.each(['public-read', 'public-read-write'])('a PUT asking for the %s ACL is refused with 403 and stores nothing; private is accepted', async (acl) => {
    const server = await serverWith('block-public-access')
    const failure = await failureOf(v4(server, 'cname').put('a.png', Buffer.from('x'), { headers: { 'x-oss-object-acl': acl } }))

    expect(failure).toMatchObject({ status: 403, code: 'AccessDenied', message: expect.stringMatching(/Block Public Access/) })
    expect(server.listKeys('test-bucket')).toEqual([])
    await v4(server, 'cname').put('b.png', Buffer.from('x'), { headers: { 'x-oss-object-acl': 'private' } })
    expect(server.listKeys('test-bucket')).toEqual(['b.png'])
  })
})

describe('V1 signatures refused', () => {
  test('a V1-signed request gets 403 with EC 0002-00000080 whether its signature is right or not; V4 is served', async () => {
    const server = await serverWith('v1-refused')
    const right = (await failureOf(aliOssClient(server, { v4: false, addressing: 'cname' }).put('a.png', Buffer.from('x')))) as {
      status: number
      ecCode?: string
    }
    const wrong = (await failureOf(aliOssClient(server, { v4: false, addressing: 'cname', secret: 'wrong' }).put('a.png', Buffer.from('x')))) as {
      status: number
      ecCode?: string
    }

    expect(right).toMatchObject({ status: 403, ecCode: '0002-00000080' })
    expect(wrong).toMatchObject({ status: 403, ecCode: '0002-00000080' })
    await v4(server, 'cname').put('a.png', Buffer.from('x'))
    expect(server.listKeys('test-bucket')).toEqual(['a.png'])
  })

  test('a V1 presigned URL is refused the same way', async () => {
    const server = await serverWith('v1-refused', 'private')
    server.putObject('test-bucket', 'a.png', Buffer.from('x'))
    const url = new URL(aliOssClient(server, { v4: false, addressing: 'cname' }).signatureUrl('a.png', { expires: 60 }))
    const answer = await rawRequest(server, 'GET', url.host, `${url.pathname}${url.search}`)

    expect(answer).toMatchObject({ status: 403, ec: '0002-00000080' })
  })
})

describe('path-style refused', () => {
  test('/<bucket>/<key> on an IP or the region host gets 403 SecondLevelDomainForbidden; the bucket in the Host is served', async () => {
    const server = await serverWith('path-style-refused')
    server.putObject('test-bucket', 'a.png', Buffer.from('x'))
    const byIp = await rawRequest(server, 'GET', `127.0.0.1:${server.port}`, '/test-bucket/a.png')
    const byRegionHost = await rawRequest(server, 'GET', 'oss-cn-hangzhou.aliyuncs.com', '/test-bucket/a.png')

    for (const answer of [byIp, byRegionHost]) {
      expect(answer.status).toBe(403)
      expect(answer.body).toMatch(/<Code>SecondLevelDomainForbidden<\/Code>\s*<Message>Please use virtual hosted style to access\.<\/Message>/)
    }
    expect((await rawRequest(server, 'GET', 'test-bucket.oss-cn-hangzhou.aliyuncs.com', '/a.png')).status).toBe(200)
  })

  test('a server cannot both refuse and require path-style', async () => {
    await expect(startOssServer({ profile: 'path-style-refused', pathStyleOnly: true })).rejects.toThrow(/at most one of `pathStyleOnly` and a profile/)
    await expect(startOssServer({ profile: 'no-such-profile' })).rejects.toThrow(/Expected one of before-2025, new-mainland-account/)
  })
})

test('the process mode takes a profile by name and refuses an unknown one', () => {
  expect(parseCliArgs(['--profile', 'new-mainland-account'])).toMatchObject({ profile: 'new-mainland-account' })
  expect(parseCliArgs([])).toMatchObject({ profile: 'before-2025' })
  expect(() => parseCliArgs(['--profile', 'new-account'])).toThrow(/Expected one of .* for --profile but received "new-account"/)
})
