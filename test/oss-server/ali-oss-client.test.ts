// The real ali-oss client against the local server: addressing styles, both signature versions, and OSS's refusals.
import { startOssServer, type OssServer, type OssServerOptions } from '../../tools/oss-server'
import { type AliOssOptions, aliOssClient, failureOf } from '../helpers/ali-oss'

let server: OssServer
const servers: OssServer[] = []

async function startExtra(options: OssServerOptions): Promise<OssServer> {
  const extra = await startOssServer(options)
  servers.push(extra)
  return extra
}

const client = aliOssClient

beforeAll(async () => {
  // ali-oss advises on refreshSTSToken whenever stsToken is set; not relevant here.
  jest.spyOn(console, 'warn').mockImplementation(() => undefined)
  server = await startOssServer()
})
afterAll(async () => {
  await Promise.all([server, ...servers].map((s) => s.close()))
})
beforeEach(() => server.clearLog())

const variants: Array<[string, AliOssOptions]> = [
  ['V1, IP endpoint (virtual-host)', { v4: false, addressing: 'ip' }],
  ['V1, cname', { v4: false, addressing: 'cname' }],
  ['V4, IP endpoint (virtual-host)', { v4: true, addressing: 'ip' }],
  ['V4, cname', { v4: true, addressing: 'cname' }]
]

describe.each(variants)('%s', (_name, options) => {
  test('put, head, get, list, delete round trip with metadata', async () => {
    const oss = client(server, options)
    const key = `dir/a b+c ${options.v4 ? 'v4' : 'v1'}-${options.addressing}.txt`
    const body = Buffer.from('hello local oss')
    const put = await oss.put(key, body, {
      headers: { 'Cache-Control': 'public, max-age=60', 'x-oss-meta-author': 'alice', 'x-oss-object-acl': 'private', 'x-oss-storage-class': 'IA' }
    })
    expect(put.res.status).toBe(200)

    const stored = server.getObject('test-bucket', key)
    expect(stored?.body.equals(body)).toBe(true)
    expect(stored?.contentType).toBe('text/plain')
    expect(stored?.etag).toMatch(/^"[0-9A-F]{32}"$/)
    expect(stored?.headers).toMatchObject({
      'cache-control': 'public, max-age=60',
      'x-oss-meta-author': 'alice',
      'x-oss-object-acl': 'private',
      'x-oss-storage-class': 'IA'
    })
    const putHeaders = put.res.headers as Record<string, string>
    expect(putHeaders['etag']).toBe(stored?.etag)
    expect(putHeaders['x-oss-hash-crc64ecma']).toBe(stored?.crc64)
    expect(putHeaders['x-oss-request-id']).toMatch(/^[0-9A-F]{24}$/)

    const head = await oss.head(key)
    const headHeaders = head.res.headers as Record<string, string>
    expect(head.status).toBe(200)
    expect(headHeaders['content-length']).toBe(String(body.length))
    expect(headHeaders['x-oss-meta-author']).toBe('alice')
    expect(headHeaders['last-modified']).toBeTruthy()
    expect(head.meta).toEqual({ author: 'alice' })

    const got = await oss.get(key)
    expect(Buffer.from(got.content as Buffer).equals(body)).toBe(true)

    const listed = await oss.list({ prefix: 'dir/', 'max-keys': 10 }, {})
    expect(listed.objects.map((object) => object.name)).toContain(key)

    const deleted = await oss.delete(key)
    expect(deleted.res.status).toBe(204)
    expect(server.getObject('test-bucket', key)).toBeUndefined()
    expect((await failureOf(oss.head(key))).status).toBe(404)
    expect((await oss.delete(key)).res.status).toBe(204)
    expect(server.requests.every((request) => request.bucket === 'test-bucket')).toBe(true)
  })

  test('wrong secret: 403 SignatureDoesNotMatch with a request id', async () => {
    const error = await failureOf(client(server, { ...options, secret: 'wrong' }).put('x.txt', Buffer.from('x')))
    expect(error).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' })
    expect(error.requestId).toMatch(/^[0-9A-F]{24}$/)
    expect(server.getObject('test-bucket', 'x.txt')).toBeUndefined()
  })

  test('unknown AccessKey: 403 InvalidAccessKeyId', async () => {
    const error = await failureOf(client(server, { ...options, accessKeyId: 'nobody' }).put('x.txt', Buffer.from('x')))
    expect(error).toMatchObject({ status: 403, code: 'InvalidAccessKeyId' })
  })

  test('wrong Content-MD5: 400 BadDigest, nothing stored', async () => {
    const wrongMd5 = Buffer.alloc(16, 1).toString('base64')
    const error = await failureOf(client(server, options).put('md5.txt', Buffer.from('abc'), { headers: { 'Content-MD5': wrongMd5 } }))
    expect(error).toMatchObject({ status: 400, code: 'BadDigest' })
    expect(server.getObject('test-bucket', 'md5.txt')).toBeUndefined()
  })

  test('x-oss-forbid-overwrite on an existing key: 409 FileAlreadyExists', async () => {
    const oss = client(server, options)
    await oss.put('once.txt', Buffer.from('first'), { headers: { 'x-oss-forbid-overwrite': 'true' } })
    const error = await failureOf(oss.put('once.txt', Buffer.from('second'), { headers: { 'x-oss-forbid-overwrite': 'true' } }))
    expect(error).toMatchObject({ status: 409, code: 'FileAlreadyExists' })
    expect(server.getObject('test-bucket', 'once.txt')?.body.toString()).toBe('first')
    await oss.delete('once.txt')
  })

  test('skewed server clock: 403 RequestTimeTooSkewed', async () => {
    const skewed = await startExtra({ clockSkewMs: 20 * 60 * 1000 })
    const error = await failureOf(client(skewed, options).put('x.txt', Buffer.from('x')))
    expect(error).toMatchObject({ status: 403, code: 'RequestTimeTooSkewed' })
  })

  test('STS: the right token passes, a wrong one is InvalidSecurityToken, an expired one SecurityTokenExpired', async () => {
    const sts = await startExtra({
      credentials: [
        { accessKeyId: 'STS.live', accessKeySecret: 'sts-secret', securityToken: 'token-1', expiration: new Date(Date.now() + 3600_000) },
        { accessKeyId: 'STS.old', accessKeySecret: 'sts-secret', securityToken: 'token-2', expiration: new Date(Date.now() - 1000) }
      ]
    })
    const ok = await client(sts, { ...options, accessKeyId: 'STS.live', secret: 'sts-secret', stsToken: 'token-1' }).put('sts.txt', Buffer.from('s'))
    expect(ok.res.status).toBe(200)
    expect(sts.requests.at(-1)?.headers['x-oss-security-token']).toBe('token-1')
    const wrong = await failureOf(
      client(sts, { ...options, accessKeyId: 'STS.live', secret: 'sts-secret', stsToken: 'other' }).put('sts.txt', Buffer.from('s'))
    )
    expect(wrong).toMatchObject({ status: 403, code: 'InvalidSecurityToken' })
    const missing = await failureOf(client(sts, { ...options, accessKeyId: 'STS.live', secret: 'sts-secret' }).put('sts.txt', Buffer.from('s')))
    expect(missing).toMatchObject({ status: 403, code: 'InvalidSecurityToken' })
    const expired = await failureOf(
      client(sts, { ...options, accessKeyId: 'STS.old', secret: 'sts-secret', stsToken: 'token-2' }).put('sts.txt', Buffer.from('s'))
    )
    expect(expired).toMatchObject({ status: 403, code: 'SecurityTokenExpired' })
  })
})

describe('addressing', () => {
  test('an IP endpoint sends Host <bucket>.<region>.aliyuncs.com; cname sends the endpoint host', async () => {
    await client(server, { addressing: 'ip' }).put('host.txt', Buffer.from('h'))
    await client(server, { addressing: 'cname' }).put('host.txt', Buffer.from('h'))
    expect(server.requests.map((request) => request.headers['host'])).toEqual(['test-bucket.oss-cn-hangzhou.aliyuncs.com', `localhost:${server.port}`])
  })

  test('path-style: /<bucket>/<key> on the IP host', async () => {
    server.putObject('test-bucket', 'path/style.txt', Buffer.from('path'), { 'Content-Type': 'text/plain' })
    const response = await fetch(`${server.url}/test-bucket/path/style.txt`)
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('path')
    expect(response.headers.get('content-type')).toBe('text/plain')
  })

  test('unknown bucket: 404 NoSuchBucket', async () => {
    const response = await fetch(`${server.url}/no-such-bucket/key`)
    expect(response.status).toBe(404)
    expect(await response.text()).toContain('<Code>NoSuchBucket</Code>')
  })

  test("V1 through another region's endpoint: 403 AccessDenied naming the right endpoint", async () => {
    const error = await failureOf(client(server, { region: 'oss-cn-beijing' }).put('x.txt', Buffer.from('x')))
    expect(error).toMatchObject({ status: 403, code: 'AccessDenied' })
    expect(error.message).toMatch(/must be addressed using the specified endpoint/)
  })

  test('V4 signed for another region (cname, so only the scope says so): 400 InvalidArgument, EC 0002-00000226', async () => {
    const error = await failureOf(client(server, { v4: true, addressing: 'cname', region: 'oss-cn-beijing' }).put('x.txt', Buffer.from('x')))
    expect(error).toMatchObject({ status: 400, code: 'InvalidArgument', ecCode: '0002-00000226' })
    expect(error.message).toBe('Invalid signing region in Authorization header.')
  })
})

describe('anonymous access', () => {
  test('a public-read bucket serves anonymous GET and HEAD but refuses anonymous PUT', async () => {
    server.putObject('test-bucket', 'public.txt', Buffer.from('pub'))
    const get = await fetch(`http://127.0.0.1:${server.port}/test-bucket/public.txt`)
    expect(get.status).toBe(200)
    expect((await fetch(`${server.url}/test-bucket/public.txt`, { method: 'HEAD' })).status).toBe(200)
    const put = await fetch(`${server.url}/test-bucket/anon.txt`, { method: 'PUT', body: 'x' })
    expect(put.status).toBe(403)
    expect(await put.text()).toContain('<Code>AccessDenied</Code>')
  })

  test('an object with x-oss-object-acl private refuses anonymous GET in a public bucket', async () => {
    server.putObject('test-bucket', 'secret.txt', Buffer.from('s'), { 'x-oss-object-acl': 'private' })
    expect((await fetch(`${server.url}/test-bucket/secret.txt`)).status).toBe(403)
  })

  test('a private bucket refuses anonymous GET; a public-read object in it is served', async () => {
    const privateServer = await startExtra({ buckets: [{ name: 'test-bucket', region: 'oss-cn-hangzhou', acl: 'private' }] })
    privateServer.putObject('test-bucket', 'p.txt', Buffer.from('p'))
    privateServer.putObject('test-bucket', 'open.txt', Buffer.from('o'), { 'x-oss-object-acl': 'public-read' })
    const denied = await fetch(`${privateServer.url}/test-bucket/p.txt`)
    expect(denied.status).toBe(403)
    expect(denied.headers.get('x-oss-request-id')).toMatch(/^[0-9A-F]{24}$/)
    expect((await fetch(`${privateServer.url}/test-bucket/open.txt`)).status).toBe(200)
    const signed = await client(privateServer).get('p.txt')
    expect(Buffer.from(signed.content as Buffer).toString()).toBe('p')
  })
})

describe('object rules', () => {
  test('invalid object ACL or storage class: 400 InvalidArgument', async () => {
    const oss = client(server, { v4: true })
    expect(await failureOf(oss.put('acl.txt', Buffer.from('a'), { headers: { 'x-oss-object-acl': 'everyone' } }))).toMatchObject({
      status: 400,
      code: 'InvalidArgument'
    })
    expect(await failureOf(oss.put('acl.txt', Buffer.from('a'), { headers: { 'x-oss-storage-class': 'Glacier' } }))).toMatchObject({
      status: 400,
      code: 'InvalidArgument'
    })
  })

  test('malformed Content-MD5: 400 InvalidDigest', async () => {
    const error = await failureOf(client(server).put('md5.txt', Buffer.from('a'), { headers: { 'Content-MD5': 'not-an-md5' } }))
    expect(error).toMatchObject({ status: 400, code: 'InvalidDigest' })
  })

  test('a key over 1023 bytes: 400 InvalidObjectName', async () => {
    const error = await failureOf(client(server, { v4: true }).put('k'.repeat(1024), Buffer.from('a')))
    expect(error).toMatchObject({ status: 400, code: 'InvalidObjectName' })
  })

  test('GET of a missing key: 404 NoSuchKey XML', async () => {
    const error = await failureOf(client(server, { v4: true }).get('missing.txt'))
    expect(error).toMatchObject({ status: 404, code: 'NoSuchKey' })
  })

  test('deleteMulti removes the keys and lists them unless quiet', async () => {
    const oss = client(server, { v4: true })
    for (const key of ['m/1', 'm/2', 'm/3']) server.putObject('test-bucket', key, Buffer.from(key))
    const loud = await oss.deleteMulti(['m/1', 'm/2'])
    expect(loud.deleted).toEqual(expect.arrayContaining([expect.objectContaining({ Key: 'm/1' }), expect.objectContaining({ Key: 'm/2' })]))
    const quiet = await oss.deleteMulti(['m/3'], { quiet: true })
    expect(quiet.deleted ?? []).toEqual([])
    expect(server.listKeys('test-bucket').filter((key) => key.startsWith('m/'))).toEqual([])
  })

  test('error answers are OSS XML with x-oss-request-id', async () => {
    const response = await fetch(`${server.url}/test-bucket/missing`)
    const text = await response.text()
    expect(response.headers.get('content-type')).toBe('application/xml')
    const requestId = response.headers.get('x-oss-request-id')
    expect(text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error>/)
    expect(text).toContain(`<RequestId>${requestId}</RequestId>`)
    expect(text).toContain('<HostId>')
  })
})
