import sharp from 'sharp'
import { PUT_FIRST_MAX_BYTES } from '../../src/uploader/steps/place'
import { photoPixels } from '../fixtures/images'
import { createPicGo, keyOfUrl, localSettings, type TestPicGo } from '../helpers/picgo'
import { useOssServer } from '../helpers/oss-server'
import { uploadFiles } from '../helpers/upload'

const server = useOssServer()
let session: TestPicGo | undefined

afterEach(() => session?.cleanup())

let shade = 0
/** A small PNG whose pixels no other test uses. */
async function uniquePng(): Promise<Buffer> {
  shade += 1
  return sharp({ create: { width: 32, height: 32, channels: 3, background: { r: shade, g: 100, b: 200 } } })
    .png()
    .toBuffer()
}

/** A fresh PicGo folder each time, unless `again` (the same user's next `picgo upload`, with its known-images file). */
async function upload(settings: Record<string, unknown>, files: Record<string, Buffer>, again = false): Promise<string[]> {
  const dir = again ? session?.dir : undefined
  if (!again) await session?.cleanup()
  session = createPicGo(localSettings(server, settings), dir === undefined ? {} : { dir })
  const { urls, error } = await uploadFiles(session, files)
  if (error) throw error
  return urls
}

const methods = (): string[] => server.requests.map((r) => r.method)

test('a known image uploaded again costs one HEAD, sends no bytes and returns the same URL', async () => {
  const png = await uniquePng()
  const [first] = await upload({}, { 'a.png': png })
  server.clearLog()
  const [second] = await upload({}, { 'renamed copy.png': png }, true)
  expect(second).toBe(first)
  expect(methods()).toEqual(['HEAD'])
  expect(server.requests.reduce((sum, r) => sum + r.bytesIn, 0)).toBe(0)
})

test('a new small image goes up in one PUT, without a HEAD before it', async () => {
  server.clearLog()
  await upload({}, { 'new.png': await uniquePng() })
  expect(methods()).toEqual(['PUT'])
  expect(server.requests[0]?.headers['x-oss-forbid-overwrite']).toBe('true')
})

test('a small image the bucket already holds (another PicGo put it there) is recognised by HEAD evidence after the 409', async () => {
  const png = await uniquePng()
  const [first] = await upload({}, { 'a.png': png })
  server.clearLog()
  const [second] = await upload({}, { 'b.png': png })
  expect(second).toBe(first)
  expect(methods()).toEqual(['PUT', 'HEAD'])
  expect(server.requests[0]?.status).toBe(409)
  expect(session?.logs.some((line) => /b\.png: .*already stored as img\//.test(line))).toBe(true)
})

test(`an image above ${PUT_FIRST_MAX_BYTES / 1024} KB is checked by HEAD first: already there, no bytes are sent`, async () => {
  const big = await sharp(photoPixels(640, 480, shade + 500), { raw: { width: 640, height: 480, channels: 3 } })
    .png({ compressionLevel: 0 })
    .toBuffer()
  expect(big.length).toBeGreaterThan(PUT_FIRST_MAX_BYTES)
  const [first] = await upload({ compress: false }, { 'big.png': big })
  server.clearLog()
  const [second] = await upload({ compress: false }, { 'big copy.png': big })
  expect(second).toBe(first)
  expect(methods()).toEqual(['HEAD'])
  expect(server.requests.reduce((sum, r) => sum + r.bytesIn, 0)).toBe(0)
})

/** The plugin's log line for each file of the last upload. */
function logLineOf(file: string): string[] {
  return (session?.logs ?? []).filter((line) => line.includes(`] ${file}: `))
}

test('identical images in one batch are compressed and uploaded once and share the URL', async () => {
  const png = await uniquePng()
  server.clearLog()
  const urls = await upload({}, { 'one.png': png, 'two.png': png, 'three.png': png })
  expect(new Set(urls).size).toBe(1)
  expect(methods()).toEqual(['PUT'])
  expect(logLineOf('one.png')).toEqual([expect.stringMatching(/(compressed|kept original).*stored as img\//)])
  for (const copy of ['two.png', 'three.png']) {
    expect(logLineOf(copy)).toEqual([expect.stringMatching(/: the same image as one\.png in this upload: img\/\w+\.png$/)])
  }
})

test('when an image fails, every copy of it in the batch is named as failed', async () => {
  const png = await uniquePng()
  server.injectFaults({ kind: 'status', status: 403, code: 'AccessDenied', count: 1, methods: ['PUT'] })
  const failure = await upload({}, { 'first.png': png, 'copy.png': png }).catch((error: Error) => error)
  server.clearFaults()
  expect(failure).toBeInstanceOf(Error)
  const lines = (failure as Error).message.split('\n')
  expect(lines[0]).toMatch(/^\[aliyun-oss-plus\] 2 of 2 files failed:$/)
  expect(lines.slice(1).filter((line) => line.includes('[aliyun-oss-plus]'))).toEqual([])
  expect(lines[1]).toMatch(/first\.png.*AccessDenied/)
  expect(lines[2]).toMatch(/copy\.png: the same image as first\.png, which failed: .*AccessDenied.*request id/i)
})

test('under a uuid template, identical images in one batch stay separate objects', async () => {
  const png = await uniquePng()
  const urls = await upload({ fileName: '{uuid}.{ext}' }, { 'x.png': png, 'y.png': png })
  expect(new Set(urls).size).toBe(2)
})

test('under a name template, another file with the same name never overwrites: it gets "-1"', async () => {
  const settings = { fileName: '{name}.{ext}', path: 'notes/' }
  const [first] = await upload(settings, { 'diagram.png': await uniquePng() })
  const original = server.getObject('test-bucket', 'notes/diagram.png')?.body
  const [second] = await upload(settings, { 'diagram.png': await uniquePng() })
  expect(keyOfUrl(first as string)).toBe('notes/diagram.png')
  expect(keyOfUrl(second as string)).toBe('notes/diagram-1.png')
  expect(server.getObject('test-bucket', 'notes/diagram.png')?.body).toEqual(original)
})

test('with dedupe off, OSS refuses the overwrite (409) and the upload moves to the next free name', async () => {
  const settings = { fileName: '{name}.{ext}', path: 'raw/', dedupe: false }
  await upload(settings, { 'x.png': await uniquePng() })
  server.clearLog()
  const [second] = await upload(settings, { 'x.png': await uniquePng() })
  expect(keyOfUrl(second as string)).toBe('raw/x-1.png')
  const conflict = server.requests.find((r) => r.status === 409)
  expect(conflict?.code).toBe('FileAlreadyExists')
  expect(server.requests.filter((r) => r.method === 'PUT').every((r) => r.headers['x-oss-forbid-overwrite'] === 'true')).toBe(true)
})

test('with dedupe off, the same bytes at the same key are recognised after the 409, not renamed', async () => {
  const png = await uniquePng()
  const [first] = await upload({ dedupe: false }, { 'a.png': png })
  const [second] = await upload({ dedupe: false }, { 'a.png': png })
  expect(second).toBe(first)
})

test('hash-named objects are cached for a year; name-templated ones get no such header', async () => {
  const [hashed] = await upload({}, { 'h.png': await uniquePng() })
  const [named] = await upload({ fileName: '{name}-{uuid}.{ext}' }, { 'n.png': await uniquePng() })
  expect(server.getObject('test-bucket', keyOfUrl(hashed as string))?.headers['cache-control']).toBe('public, max-age=31536000, immutable')
  expect(server.getObject('test-bucket', keyOfUrl(named as string))?.headers['cache-control']).toBeUndefined()
  const [custom] = await upload({ cacheControl: 'no-cache' }, { 'c.png': await uniquePng() })
  expect(server.getObject('test-bucket', keyOfUrl(custom as string))?.headers['cache-control']).toBe('no-cache')
})

test('objects carry the content type of their bytes and the ACL and storage class asked for', async () => {
  const [url] = await upload({ acl: 'public-read', storageClass: 'IA' }, { 'p.png': await uniquePng() })
  const stored = server.getObject('test-bucket', keyOfUrl(url as string))
  expect(stored?.contentType).toBe('image/png')
  expect(stored?.headers['x-oss-object-acl']).toBe('public-read')
  expect(stored?.headers['x-oss-storage-class']).toBe('IA')
})
