// Presigned GET URLs made by ali-oss (signatureUrl for V1, signatureUrlV4 for V4). ali-oss refuses to sign for an
// IP endpoint, so these use the cname endpoint http://localhost:PORT.
import OSS from 'ali-oss'
import { startOssServer, type OssServer } from '../../tools/oss-server'
import { aliOssClient } from '../helpers/ali-oss'

const servers: OssServer[] = []

async function privateServer(clockSkewMs = 0): Promise<OssServer> {
  const server = await startOssServer({ buckets: [{ name: 'test-bucket', region: 'oss-cn-hangzhou', acl: 'private' }], clockSkewMs })
  server.putObject('test-bucket', 'photos/a b.png', Buffer.from('png bytes'), { 'Content-Type': 'image/png' })
  servers.push(server)
  return server
}

const client = (server: OssServer, v4: boolean, stsToken?: string, accessKeyId = 'test-ak'): OSS =>
  aliOssClient(server, { v4, stsToken, accessKeyId, addressing: 'cname' })

function signedUrl(oss: OSS, v4: boolean, expiresSeconds: number): Promise<string> {
  return v4
    ? oss.signatureUrlV4('GET', expiresSeconds, undefined, 'photos/a b.png')
    : Promise.resolve(oss.signatureUrl('photos/a b.png', { expires: expiresSeconds }))
}

afterAll(() => Promise.all(servers.map((server) => server.close())))
// ali-oss advises on refreshSTSToken whenever stsToken is set; not relevant here.
beforeAll(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined))

describe.each([
  ['V1', false],
  ['V4', true]
])('%s presigned URL', (_name, v4) => {
  test('serves a private object', async () => {
    const server = await privateServer()
    expect((await fetch(`http://localhost:${server.port}/photos/a%20b.png`)).status).toBe(403)
    const response = await fetch(await signedUrl(client(server, v4), v4, 60))
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('png bytes')
    expect(response.headers.get('content-type')).toBe('image/png')
  })

  test('expires: 403 AccessDenied "Request has expired."', async () => {
    const server = await privateServer(2 * 3600 * 1000)
    const response = await fetch(await signedUrl(client(server, v4), v4, 60))
    expect(response.status).toBe(403)
    const xml = await response.text()
    expect(xml).toContain('<Code>AccessDenied</Code>')
    expect(xml).toContain('<Message>Request has expired.</Message>')
  })

  test('a tampered signature: 403 SignatureDoesNotMatch', async () => {
    const server = await privateServer()
    const url = new URL(await signedUrl(client(server, v4), v4, 60))
    url.pathname = '/photos/other.png'
    const response = await fetch(url)
    expect(response.status).toBe(403)
    expect(await response.text()).toContain('<Code>SignatureDoesNotMatch</Code>')
  })

  test('carries the STS token', async () => {
    const server = await startOssServer({
      buckets: [{ name: 'test-bucket', region: 'oss-cn-hangzhou', acl: 'private' }],
      credentials: [{ accessKeyId: 'STS.a', accessKeySecret: 'test-secret', securityToken: 'tok' }]
    })
    servers.push(server)
    server.putObject('test-bucket', 'photos/a b.png', Buffer.from('png bytes'))
    expect((await fetch(await signedUrl(client(server, v4, 'tok', 'STS.a'), v4, 60))).status).toBe(200)
    const wrong = await fetch(await signedUrl(client(server, v4, 'bad', 'STS.a'), v4, 60))
    expect(await wrong.text()).toContain('<Code>InvalidSecurityToken</Code>')
  })
})
