// Signed URLs for private buckets, through the real PicGo. ali-oss refuses to sign for an IP endpoint, so the
// endpoint is the cname http://localhost:PORT, as with a bound custom domain.
import sharp from 'sharp'
import type { OssServer } from '../../tools/oss-server'
import { createPicGo, TEST_AK, type TestPicGo } from '../helpers/picgo'
import { useOssServer } from '../helpers/oss-server'
import { uploadFiles } from '../helpers/upload'

const PRIVATE = [{ name: 'test-bucket', region: 'oss-cn-hangzhou', acl: 'private' as const }]
const server = useOssServer({ buckets: PRIVATE })
/** Its clock runs 10 minutes ahead: uploads still pass (OSS allows 15), a 60 s URL is already expired. */
const aheadServer = useOssServer({ buckets: PRIVATE, clockSkewMs: 10 * 60 * 1000 })
/** One PicGo per server (PicGo adds a listener to a process-wide bus per instance); settings change per upload. */
const instances = new Map<OssServer, TestPicGo>()

afterAll(async () => {
  await Promise.all([...instances.values()].map((instance) => instance.cleanup()))
})

let shade = 0
/** Uploads one new image through PicGo and returns the URL it gave, with the stored bytes. */
async function upload(target: OssServer, overrides: Record<string, unknown>, fileName = 'private photo.png'): Promise<{ url: string; stored: Buffer }> {
  const settings = {
    ...TEST_AK,
    bucket: 'test-bucket',
    region: 'oss-cn-hangzhou',
    endpoint: `http://localhost:${target.port}`,
    cname: true,
    customUrl: `http://localhost:${target.port}`,
    signedUrlExpires: 60,
    timeout: 5000,
    ...overrides
  }
  const instance = instances.get(target) ?? createPicGo(settings)
  instances.set(target, instance)
  instance.picgo.setConfig({ 'picBed.aliyun-oss-plus': settings })
  const png = await sharp({ create: { width: 12, height: 12, channels: 3, background: { r: ++shade, g: 10, b: 10 } } })
    .png()
    .toBuffer()
  const { items, error } = await uploadFiles(instance, { [fileName]: png })
  if (error) throw error
  const url = items[0]?.imgUrl as string
  const key = decodeURIComponent(new URL(url).pathname.slice(1))
  const stored = target.getObject('test-bucket', key)
  if (!stored) throw new Error(`nothing stored at ${key}`)
  return { url, stored: stored.body }
}

const errorCode = async (response: Response): Promise<string> => /<Code>([^<]+)<\/Code>/.exec(await response.text())?.[1] ?? ''

describe.each([
  ['v4', /[?&]x-oss-signature=/],
  ['v1', /[?&]Signature=/]
])('%s signed URL from an upload', (signatureVersion, signatureParam) => {
  test('serves the object from the private bucket, which refuses the same URL unsigned', async () => {
    const { url, stored } = await upload(server, { signatureVersion })

    expect(url).toMatch(signatureParam)
    expect(url).toMatch(new RegExp(`^http://localhost:${server.port}/img/[0-9a-f]{16}\\.png\\?`))
    const response = await fetch(url)
    expect(response.status).toBe(200)
    expect(Buffer.from(await response.arrayBuffer())).toEqual(stored)
    const unsigned = await fetch(url.split('?')[0] as string)
    expect(unsigned.status).toBe(403)
    expect(await errorCode(unsigned)).toBe('AccessDenied')
  })

  test('is refused as expired once its lifetime has passed', async () => {
    const { url } = await upload(aheadServer, { signatureVersion })

    const response = await fetch(url)
    expect(response.status).toBe(403)
    expect(await response.text()).toContain('<Message>Request has expired.</Message>')
  })

  test('carries "urlSuffix" ?x-oss-process=style/w800 inside the signature', async () => {
    const { url } = await upload(server, { signatureVersion, urlSuffix: '?x-oss-process=style/w800' })

    expect(new URL(url).searchParams.get('x-oss-process')).toBe('style/w800')
    expect((await fetch(url)).status).toBe(200)
    const tampered = new URL(url)
    tampered.searchParams.set('x-oss-process', 'style/w100')
    const refused = await fetch(tampered)
    expect(refused.status).toBe(403)
    expect(await errorCode(refused)).toBe('SignatureDoesNotMatch')
  })

  test('percent-encodes a lone ")" of the key, which would end a Markdown link, and still serves the object', async () => {
    const { url, stored } = await upload(server, { signatureVersion, fileName: '{name}.{ext}' }, `smile-${signatureVersion}).png`)

    expect(url).toMatch(new RegExp(`^http://localhost:${server.port}/img/smile-${signatureVersion}%29\\.png\\?`))
    const response = await fetch(url)
    expect(response.status).toBe(200)
    expect(Buffer.from(await response.arrayBuffer())).toEqual(stored)
  })

  test('refuses a "urlSuffix" that is not a query, which would corrupt the signature', async () => {
    await expect(upload(server, { signatureVersion, urlSuffix: '!w800' })).rejects.toThrow(
      /Signed URLs can only take query options in "urlSuffix" \(e\.g\. "\?x-oss-process=style\/w800"\), not "!w800"/
    )
  })
})

// The signing time has whole seconds, so a 2 s URL stays valid for at least 1 s after it is made.
test('a 2-second signed URL works at once and is refused once two seconds have passed (real clock)', async () => {
  const { url } = await upload(server, { signatureVersion: 'v4', signedUrlExpires: 2 })
  const signedBy = Date.now()

  expect((await fetch(url)).status).toBe(200)
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, signedBy + 2100 - Date.now())))
  const late = await fetch(url)
  expect(late.status).toBe(403)
  expect(await late.text()).toContain('<Message>Request has expired.</Message>')
})
