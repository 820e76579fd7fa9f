// The identity rule through the real PicGo, real ali-oss and the local OSS server: a key holds our image only on
// the server's evidence, each key one content per upload, nothing lost, nothing mis-mapped.
import { createCipheriv, createHash } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { KNOWN_IMAGES_FILE } from '../../src/uploader/known-images'
import { createPicGo, keyOfUrl, localSettings, type TestPicGo } from '../helpers/picgo'
import { useOssServer } from '../helpers/oss-server'

const server = useOssServer()
const sessions: TestPicGo[] = []

afterAll(async () => {
  await Promise.all(sessions.map((session) => session.cleanup()))
})
beforeEach(() => {
  server.clearLog()
  server.clearFaults()
})

function session(settings: Record<string, unknown>, dir?: string): TestPicGo {
  const created = createPicGo(localSettings(server, settings), { dir })
  sessions.push(created)
  return created
}

const png = (shade: number, size = 24): Promise<Buffer> =>
  sharp({ create: { width: size, height: size, channels: 3, background: { r: shade, g: 40, b: 90 } } })
    .png()
    .toBuffer()

/** Random pixels do not compress: a 700×700 RGB PNG is about 1.5 MB, two parts above a 1 MB threshold. */
async function noisePng(variant: number): Promise<Buffer> {
  const pixels = createCipheriv('aes-128-ctr', Buffer.alloc(16, variant), Buffer.alloc(16, 2)).update(Buffer.alloc(700 * 700 * 3))
  return sharp(pixels, { raw: { width: 700, height: 700, channels: 3 } })
    .png({ compressionLevel: 1 })
    .toBuffer()
}

async function upload(target: TestPicGo, files: Record<string, Buffer>): Promise<Array<{ imgUrl?: string }> | Error> {
  const paths = Object.entries(files).map(([name, bytes]) => {
    const path = join(target.dir, name)
    writeFileSync(path, bytes)
    return path
  })
  return target.picgo.upload(paths).catch((error: Error) => error)
}

const stored = (key: string): Buffer | undefined => server.getObject('test-bucket', key)?.body

describe('two different images that want the same key in one upload', () => {
  test.each([
    ['a fixed name', { path: 'repro/', fileName: 'same.{ext}', compress: false }],
    ['a fixed name without dedupe', { path: 'repro-nodedupe/', fileName: 'same.{ext}', compress: false, dedupe: false }]
  ])('with %s, the second goes to -1 before anything is sent, and both are kept', async (_, settings) => {
    const a = await png(10)
    const b = await png(200)
    const first = session(settings)
    const output = await upload(first, { 'a.png': a, 'b.png': b })
    if (output instanceof Error) throw output
    const [keyA, keyB] = output.map((item) => keyOfUrl(item.imgUrl as string))
    expect(keyA).toBe(`${settings.path}same.png`)
    expect(keyB).toBe(`${settings.path}same-1.png`)
    expect(stored(keyA as string)?.equals(a)).toBe(true)
    expect(stored(keyB as string)?.equals(b)).toBe(true)

    // The known-images file must remember b as same-1.png, not as a's object.
    const again = session(settings, first.dir)
    const alone = await upload(again, { 'b.png': b })
    if (alone instanceof Error) throw alone
    expect(keyOfUrl(alone[0]?.imgUrl as string)).toBe(keyB)
  })

  test('two different photo.png from two folders with {name}.{ext}: each keeps its own bytes', async () => {
    const target = session({ path: 'names/', fileName: '{name}.{ext}', compress: false })
    const first = join(target.dir, 'one')
    const second = join(target.dir, 'two')
    for (const dir of [first, second]) mkdirSync(dir)
    const a = await png(30)
    const b = await png(60)
    writeFileSync(join(first, 'photo.png'), a)
    writeFileSync(join(second, 'photo.png'), b)
    const output = await target.picgo.upload([join(first, 'photo.png'), join(second, 'photo.png')])
    if (output instanceof Error) throw output
    const keys = output.map((item) => keyOfUrl(item.imgUrl as string))
    expect(keys).toEqual(['names/photo.png', 'names/photo-1.png'])
    expect(stored('names/photo.png')?.equals(a)).toBe(true)
    expect(stored('names/photo-1.png')?.equals(b)).toBe(true)
  })
})

describe('multipart uploads', () => {
  const settings = { fileName: '{name}.{ext}', compress: false, multipartThreshold: 1, retries: 2 }

  test("a byte of part 1 flipped on the way is caught by the part's Content-MD5 and sent again: the object is byte-exact", async () => {
    const bytes = await noisePng(1)
    server.injectFaults({ kind: 'corrupt-request', methods: ['PUT'], key: 'mp/flip.png', query: { partNumber: '1' }, count: 1 })
    const output = await upload(session({ ...settings, path: 'mp/' }), { 'flip.png': bytes })
    if (output instanceof Error) throw output
    expect(stored('mp/flip.png')?.equals(bytes)).toBe(true)
    const parts = server.requests.filter((r) => r.method === 'PUT' && r.query.includes('partNumber'))
    expect(parts.every((r) => r.headers['content-md5'] !== undefined)).toBe(true)
    expect(parts.some((r) => r.code === 'BadDigest')).toBe(true)
  })

  test('an object OSS keeps corrupt after Complete (its CRC-64 is not ours) is deleted and uploaded again, never kept as ours', async () => {
    const bytes = await noisePng(6)
    server.injectFaults({ kind: 'corrupt-stored', methods: ['POST'], key: 'crc/kept.png', query: { uploadId: '' }, count: 1 })
    const first = session({ ...settings, path: 'crc/' })
    const output = await upload(first, { 'kept.png': bytes })
    if (output instanceof Error) throw output
    expect(stored('crc/kept.png')?.equals(bytes)).toBe(true)
    expect(server.requests.filter((r) => r.method === 'POST' && r.query.includes('uploads')).length).toBe(2)
    expect(server.requests.some((r) => r.method === 'DELETE' && !r.query.includes('uploadId'))).toBe(true)

    server.clearLog()
    const again = await upload(session({ ...settings, path: 'crc/' }, first.dir), { 'kept.png': bytes })
    if (again instanceof Error) throw again
    expect(keyOfUrl(again[0]?.imgUrl as string)).toBe('crc/kept.png')
    expect(server.requests.map((r) => r.method)).toEqual(['HEAD'])
  })

  test('a single PUT that OSS keeps corrupt is deleted and sent again', async () => {
    const bytes = await png(99, 64)
    server.injectFaults({ kind: 'corrupt-stored', methods: ['PUT'], key: 'crc/single.png', count: 1 })
    const output = await upload(session({ ...settings, path: 'crc/' }), { 'single.png': bytes })
    if (output instanceof Error) throw output
    expect(stored('crc/single.png')?.equals(bytes)).toBe(true)
    expect(server.requests.filter((r) => r.method === 'PUT').length).toBe(2)
  })

  test('a CRC-64 that is not ours names the key and the file escaped: a bidi override from {name} cannot turn the line', async () => {
    const name = 'invoice\u202egnp.png'
    server.injectFaults({ kind: 'corrupt-stored', methods: ['PUT'], key: `crc/${name}` })
    const output = await upload(session({ path: 'crc/', fileName: '{name}.{ext}', retries: 0 }), { [name]: await png(77) })
    expect(output).toBeInstanceOf(Error)
    const message = (output as Error).message
    expect(message).toContain('[PUT] crc/invoice\\u202egnp.png (invoice\\u202egnp.png): the CRC-64 OSS computed')
    expect(message).not.toContain('\u202e')
  })

  test('one multipart upload failing (403 on a part) never cancels the others in the batch', async () => {
    const files = { 'one.png': await noisePng(2), 'two.png': await noisePng(3), 'three.png': await noisePng(4) }
    server.injectFaults({ kind: 'status', status: 403, code: 'AccessDenied', methods: ['PUT'], key: 'cancel/one.png', query: { partNumber: '1' }, count: 1 })
    const output = await upload(session({ ...settings, path: 'cancel/' }), files)
    expect(output).toBeInstanceOf(Error)
    const message = (output as Error).message
    expect(message).toMatch(/1 of 3 files failed/)
    expect(message).toMatch(/cancel\/one\.png \(one\.png\): 403 AccessDenied/)
    expect(message).not.toMatch(/\bcancel\b(?!\/)/)
    expect(stored('cancel/two.png')?.equals(files['two.png'])).toBe(true)
    expect(stored('cancel/three.png')?.equals(files['three.png'])).toBe(true)
    expect(stored('cancel/one.png')).toBeUndefined()
    expect(server.pendingMultipartUploads()).toBe(0)
  })

  test("a CompleteMultipartUpload whose answer is lost is recognised by the object's evidence: success, byte-exact", async () => {
    const bytes = await noisePng(5)
    server.injectFaults({ kind: 'drop-response', methods: ['POST'], key: 'lost/complete.png', query: { uploadId: '' }, count: 1 })
    const output = await upload(session({ ...settings, path: 'lost/' }), { 'complete.png': bytes })
    if (output instanceof Error) throw output
    expect(keyOfUrl(output[0]?.imgUrl as string)).toBe('lost/complete.png')
    expect(stored('lost/complete.png')?.equals(bytes)).toBe(true)
    expect(server.requests.some((r) => r.fault === 'drop response')).toBe(true)
  })
})

describe('what the plugin wrote itself is never proof', () => {
  test('an object that claims our x-oss-meta-sha256 but holds other bytes is not taken for ours', async () => {
    const ours = await png(77)
    const target = session({ path: 'meta/', fileName: 'logo.{ext}', compress: false })
    server.putObject('test-bucket', 'meta/logo.png', await png(78), { 'x-oss-meta-sha256': createHash('sha256').update(ours).digest('hex') })
    const output = await upload(target, { 'logo.png': ours })
    if (output instanceof Error) throw output
    expect(keyOfUrl(output[0]?.imgUrl as string)).toBe('meta/logo-1.png')
    expect(stored('meta/logo-1.png')?.equals(ours)).toBe(true)
  })

  test("a tampered known-images entry (another image's entry under this image's id) is ignored: the right URL comes back", async () => {
    const a = await png(120)
    const b = await png(121)
    const first = session({ path: 'known/' })
    const output = await upload(first, { 'a.png': a, 'b.png': b })
    if (output instanceof Error) throw output
    const [urlA, urlB] = output.map((item) => item.imgUrl as string)
    const file = join(first.dir, KNOWN_IMAGES_FILE)
    const known = JSON.parse(readFileSync(file, 'utf8')) as { entries: Record<string, { key: string }> }
    const idOf = (key: string): string => Object.entries(known.entries).find(([, entry]) => entry.key === key)?.[0] as string
    known.entries[idOf(keyOfUrl(urlA as string))] = known.entries[idOf(keyOfUrl(urlB as string))] as { key: string }
    writeFileSync(file, JSON.stringify(known))

    const again = await upload(session({ path: 'known/' }, first.dir), { 'a.png': a })
    if (again instanceof Error) throw again
    expect(again[0]?.imgUrl).toBe(urlA)
  })
})
