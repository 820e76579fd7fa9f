// 200 uploads under about 30 % faults, multipart files and key collisions included: at the end every URL serves
// exactly the bytes of its own file, no image is lost or mis-mapped, no "-N" object duplicates another, and every
// failed file is named. Run with `npm run test:long` (CI runs it too).
import { createCipheriv, createHash } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { startOssServer } from '../../tools/oss-server'
import { createPicGo, keyOfUrl, localSettings, TEST_AK } from '../helpers/picgo'

const COUNT = 200
const BATCH = 20
/** Every 25th file is a 1.5 MB PNG, sent in parts above the 1 MB threshold. */
const BIG_EVERY = 25
/** Files share a few names across folders, so {name}.{ext} keys collide; every 10th is a copy of an earlier file. */
const NAMES = 12

async function imageFor(index: number): Promise<Buffer> {
  const width = index % BIG_EVERY === 0 ? 700 : 8
  const seed = Buffer.alloc(16, index % 256)
  seed.writeUInt16BE(index, 0)
  const raw = createCipheriv('aes-128-ctr', seed, Buffer.alloc(16, 3)).update(Buffer.alloc(width * width * 3))
  return sharp(raw, { raw: { width, height: width, channels: 3 } })
    .png({ compressionLevel: 1 })
    .toBuffer()
}

const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex')

test(`${COUNT} uploads under ~30 % faults with multipart files and key collisions: each URL serves its own file's bytes`, async () => {
  const server = await startOssServer({ credentials: [TEST_AK], seed: 20261201 })
  const { picgo, dir, cleanup } = createPicGo(
    localSettings(server, { path: 'soak/', fileName: '{name}.{ext}', compress: false, multipartThreshold: 1, retries: 10, timeout: 2000 }),
    { debug: false }
  )
  try {
    // Chance a request is hit: 1 − 0.92 × 0.92 × 0.94 × 0.95 × 0.95 × 0.97 ≈ 30 %: lost answers, bodies corrupted on
    // the way and objects kept corrupt included.
    server.injectFaults(
      { kind: 'status', status: 500, code: 'InternalError', rate: 0.08 },
      { kind: 'status', status: 503, code: 'ServiceUnavailable', rate: 0.08 },
      { kind: 'reset', rate: 0.06 },
      { kind: 'drop-response', methods: ['PUT', 'POST'], rate: 0.05 },
      { kind: 'corrupt-request', methods: ['PUT'], rate: 0.05 },
      { kind: 'corrupt-stored', methods: ['PUT', 'POST'], rate: 0.03 }
    )
    const files: Array<{ path: string; bytes: Buffer }> = []
    for (let index = 0; index < COUNT; index++) {
      const folder = join(dir, `folder-${index}`)
      mkdirSync(folder, { recursive: true })
      const path = join(folder, `name-${index % NAMES}.png`)
      const earlier = index % 10 === 9 ? files[index - 5] : undefined
      const bytes = earlier?.bytes ?? (await imageFor(index))
      writeFileSync(path, bytes)
      files.push({ path, bytes })
    }
    const bytesOf = new Map(files.map((file) => [file.path, file.bytes]))
    const batches = Array.from({ length: COUNT / BATCH }, (_, b) => files.slice(b * BATCH, (b + 1) * BATCH).map((f) => f.path))
    // One batch after another, as pastes reach PicGo; a failed batch is retried once, as a user would.
    const urlOf = new Map<string, string>()
    const failures: string[] = []
    for (const paths of batches) {
      let output = await picgo.upload(paths).catch((error: Error) => error)
      if (output instanceof Error || output.some((item) => !item.imgUrl)) {
        failures.push(output instanceof Error ? output.message : 'a URL is missing')
        output = await picgo.upload(paths).catch((error: Error) => error)
      }
      if (output instanceof Error) throw output
      output.forEach((item, index) => urlOf.set(paths[index] as string, item.imgUrl as string))
    }

    expect(server.requests.filter((r) => r.fault !== undefined).length / server.requests.length).toBeGreaterThan(0.2)
    expect(server.requests.some((r) => r.method === 'PUT' && r.query.includes('partNumber'))).toBe(true)
    // No image lost or mis-mapped: every file's URL serves exactly its bytes.
    expect(urlOf.size).toBe(bytesOf.size)
    for (const [path, url] of urlOf) expect(server.getObject('test-bucket', keyOfUrl(url))?.body.equals(bytesOf.get(path) as Buffer)).toBe(true)
    // One key, one content; no "-N" object holds a duplicate of the object it was named after.
    const contentAt = (key: string): string | undefined => {
      const body = server.getObject('test-bucket', key)?.body
      return body === undefined ? undefined : sha(body)
    }
    const suffixed = server.listKeys('test-bucket').filter((key) => /^soak\/.+-\d+\.png$/.test(key))
    expect(suffixed.length).toBeGreaterThan(0)
    for (const key of suffixed) expect(contentAt(key)).not.toBe(contentAt(key.replace(/-\d+\.png$/, '.png')))
    // An Initiate whose answer was lost leaves an upload the client never heard of (OSS lifecycle rules clear those);
    // every upload the plugin knew of was completed or aborted.
    const lostInitiates = server.requests.filter((r) => r.fault === 'drop response' && r.method === 'POST' && /(^|&)uploads(=|&|$)/.test(r.query)).length
    expect(server.pendingMultipartUploads()).toBeLessThanOrEqual(lostInitiates)
    // A batch that failed named its failed files.
    for (const message of failures) expect(message).toMatch(/name-\d+\.png/)
  } finally {
    await cleanup()
    await server.close()
  }
}, 300_000)
