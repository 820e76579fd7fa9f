import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { dirname, join } from 'node:path'
import sharp from 'sharp'
import { createPicGo, keyOfUrl, localSettings, type TestPicGo } from '../helpers/picgo'
import { useOssServer } from '../helpers/oss-server'
import { uploadFiles } from '../helpers/upload'

const server = useOssServer()
let session: TestPicGo
let jpeg: Buffer

beforeAll(async () => {
  const raw = Buffer.alloc(160 * 120 * 3)
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 13 + (i >> 7)) & 0xff
  jpeg = await sharp(raw, { raw: { width: 160, height: 120, channels: 3 } })
    .jpeg({ quality: 95 })
    .toBuffer()
})
beforeEach(() => {
  session = createPicGo(localSettings(server, { retries: 0 }))
})
afterEach(() => session.cleanup())

/** The user's files lie in a folder of their own, as on a real disk: PicGo's folder holds PicGo's files. */
function write(name: string, bytes: Buffer | string): string {
  mkdirSync(join(session.dir, 'files'), { recursive: true })
  const path = join(session.dir, 'files', name)
  writeFileSync(path, bytes)
  return path
}

async function uploadOne(input: string): Promise<{ url?: string; error?: string; key?: string }> {
  const { items, error } = await uploadFiles(session, [input])
  if (error) return { error: error.message }
  const url = items[0]?.imgUrl
  return { url, key: url ? keyOfUrl(url) : undefined }
}

const stored = (key?: string) => server.getObject('test-bucket', key ?? '')

test('an empty file is refused by name', async () => {
  expect((await uploadOne(write('empty.png', Buffer.alloc(0)))).error).toMatch(/empty\.png: the file is empty or could not be read/)
})

test('a text file renamed .png is refused as "not an image", naming the file', async () => {
  const result = await uploadOne(write('notes.png', 'just some text, not pixels'))
  expect(result.error).toMatch(/notes\.png: not an image: its bytes \(6a 75 73 74 20 73 6f 6d …\)/)
  expect(server.listKeys('test-bucket').some((k) => k.includes('notes'))).toBe(false)
})

test('a PDF is refused by default, naming what it looks like; nothing is sent', async () => {
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')
  const result = await uploadOne(write('paper.pdf', pdf))
  expect(result.error).toMatch(/paper\.pdf: not an image \(its bytes look like a PDF\): not uploaded, .*set "nonImages" to "upload"/)
  expect(server.listKeys('test-bucket').some((k) => k.endsWith('.pdf'))).toBe(false)
})

test('with nonImages "upload", a PDF goes up unchanged as application/pdf', async () => {
  session.picgo.setConfig({ 'picBed.aliyun-oss-plus': localSettings(server, { retries: 0, nonImages: 'upload' }) })
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')
  const result = await uploadOne(write('paper.pdf', pdf))
  expect(result.key).toMatch(/^img\/[0-9a-f]{16}\.pdf$/)
  expect(stored(result.key)?.contentType).toBe('application/pdf')
  expect(stored(result.key)?.body.equals(pdf)).toBe(true)
})

test('a truncated JPEG is still uploaded, never bigger than the file', async () => {
  const truncated = jpeg.subarray(0, Math.floor(jpeg.length * 0.6))
  const result = await uploadOne(write('cut.jpg', truncated))
  expect(result.key).toMatch(/\.jpg$/)
  expect(stored(result.key)?.body.length).toBeLessThanOrEqual(truncated.length)
  expect(session.logs.join('\n')).toMatch(/cut\.jpg: /)
})

test('a JPEG with a corrupt EXIF block is uploaded and loses the block', async () => {
  // An APP1 "Exif" segment whose TIFF header is garbage, inserted after SOI.
  const app1Body = Buffer.concat([Buffer.from('Exif\0\0'), Buffer.from('XXXXthis is not a TIFF header at all')])
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, (app1Body.length + 2) >> 8, (app1Body.length + 2) & 0xff]), app1Body])
  const broken = Buffer.concat([jpeg.subarray(0, 2), app1, jpeg.subarray(2)])
  const result = await uploadOne(write('bad-exif.jpg', broken))
  const body = stored(result.key)?.body as Buffer
  expect(body.includes(Buffer.from('not a TIFF header'))).toBe(false)
  expect((await sharp(body).metadata()).format).toBe('jpeg')
})

test('a 300-megapixel image is not decoded: it goes up as it is and the log names the limit', async () => {
  // A PNG header claiming 20000×15000 pixels: decoding it would take 900 MB.
  const png = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#000' } })
    .png()
    .toBuffer()
  const bomb = Buffer.from(png)
  bomb.writeUInt32BE(20000, 16)
  bomb.writeUInt32BE(15000, 20)
  const result = await uploadOne(write('bomb.png', bomb))
  expect(stored(result.key)?.body.length).toBeLessThanOrEqual(bomb.length)
  expect(session.logs.join('\n')).toMatch(/bomb\.png: .*(megapixel|pixel limit)/)
})

test('with svg: "keep" an SVG goes up unchanged as image/svg+xml', async () => {
  session.picgo.setConfig({ 'picBed.aliyun-oss-plus': localSettings(server, { retries: 0, svg: 'keep' }) })
  const svg = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>\n'
  const result = await uploadOne(write('icon.svg', svg))
  expect(result.key).toMatch(/\.svg$/)
  expect(stored(result.key)?.contentType).toBe('image/svg+xml')
  expect(stored(result.key)?.body.toString()).toBe(svg)
})

test('a file that is gone before PicGo reads it fails in PicGo with its name, and nothing is uploaded', async () => {
  server.clearLog()
  const result = await uploadOne(join(session.dir, 'vanished.png'))
  expect(session.logs.join('\n')).toMatch(/read file .*vanished\.png error/)
  expect(result.error).toMatch(/nothing to upload: PicGo could not read any of the files/)
  expect(server.requests).toHaveLength(0)
})

test('paths with "..", Chinese and emoji names upload; {name} keeps the characters and drops the spaces', async () => {
  session.picgo.setConfig({ 'picBed.aliyun-oss-plus': localSettings(server, { fileName: '{name}-{hash:8}.{ext}' }) })
  const written = write('截图 2026 🎉.jpg', jpeg)
  mkdirSync(join(dirname(written), 'sub'))
  const result = await uploadOne(join(dirname(written), 'sub', '..', '截图 2026 🎉.jpg'))
  expect(result.key).toMatch(/^img\/截图-2026-🎉-[0-9a-f]{8}\.jpg$/)
  expect(result.url).not.toMatch(/\s/)
  expect((await fetch(result.url as string)).status).toBe(200)
})

test('a URL input whose name says .png but serves a JPEG is stored as .jpg, image/jpeg', async () => {
  const web: Server = createServer((_, response) => {
    response.writeHead(200, { 'content-type': 'image/jpeg' })
    response.end(jpeg)
  })
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve))
  try {
    const { port } = web.address() as AddressInfo
    const result = await uploadOne(`http://127.0.0.1:${port}/images/photo.png`)
    expect(result.key).toMatch(/^img\/[0-9a-f]{16}\.jpg$/)
    expect(stored(result.key)?.contentType).toBe('image/jpeg')
  } finally {
    web.close()
  }
})

test("the user's files are never modified", async () => {
  const path = write('keep-me.jpg', jpeg)
  await uploadOne(path)
  expect(readFileSync(path).equals(jpeg)).toBe(true)
})
