import { createCipheriv, createHash } from 'node:crypto'
import sharp from 'sharp'
import { createPicGo, localSettings } from '../helpers/picgo'
import { useOssServer } from '../helpers/oss-server'
import { uploadFiles } from '../helpers/upload'

const server = useOssServer()
let noise: Buffer

beforeAll(async () => {
  // Random pixels do not compress: a 1100×1100 RGB PNG is about 3.6 MB, four 1 MB parts.
  noise = createCipheriv('aes-128-ctr', Buffer.alloc(16, 1), Buffer.alloc(16, 2)).update(Buffer.alloc(1100 * 1100 * 3))
})
beforeEach(() => {
  server.clearLog()
  server.clearFaults()
})

/**
 * Uploads the big PNG (made distinct by `variant` in its first pixel; bytes after IEND would be stripped
 * with the metadata) above a 1 MB threshold.
 */
async function uploadBig(variant: number, settings: Record<string, unknown> = {}) {
  const session = createPicGo(localSettings(server, { compress: false, multipartThreshold: 1, retries: 2, ...settings }))
  const pixels = Buffer.from(noise)
  pixels[0] = variant
  const bytes = await sharp(pixels, { raw: { width: 1100, height: 1100, channels: 3 } })
    .png({ compressionLevel: 1 })
    .toBuffer()
  const progress: number[] = []
  session.picgo.on('uploadProgress', (p: number) => progress.push(p))
  try {
    const { items, error } = await uploadFiles(session, { [`big-${variant}.png`]: bytes })
    return { output: error ?? items, bytes, progress }
  } finally {
    await session.cleanup()
  }
}

const queries = (): string[] => server.requests.map((r) => `${r.method} ${r.query.replace(/=[^&]*/g, '')}`)

test('a file above the threshold goes multipart: initiate, parts, complete, stored byte-exact', async () => {
  const { output, bytes, progress } = await uploadBig(1)
  if (output instanceof Error) throw output
  const key = decodeURIComponent(new URL(output[0]?.imgUrl as string).pathname.replace('/test-bucket/', ''))
  const stored = server.getObject('test-bucket', key)
  expect(stored?.multipart).toBe(true)
  expect(stored?.body.equals(bytes)).toBe(true)
  expect(stored?.etag).toMatch(/-4"$/)
  expect(stored?.headers['x-oss-meta-sha256']).toBe(createHash('sha256').update(bytes).digest('hex'))
  const log = queries()
  expect(log.filter((q) => q === 'POST uploads')).toHaveLength(1)
  expect(log.filter((q) => q.startsWith('PUT ') && q.includes('partNumber'))).toHaveLength(4)
  expect(log.filter((q) => q === 'POST uploadId')).toHaveLength(1)
  expect(progress.at(-1)).toBe(100)
})

test('a failed part is retried and the upload resumes without resending finished parts', async () => {
  server.injectFaults({ kind: 'status', status: 500, code: 'InternalError', count: 1, methods: ['PUT'] })
  const { output, bytes } = await uploadBig(2)
  if (output instanceof Error) throw output
  const key = decodeURIComponent(new URL(output[0]?.imgUrl as string).pathname.replace('/test-bucket/', ''))
  expect(server.getObject('test-bucket', key)?.body.equals(bytes)).toBe(true)
  const partPuts = server.requests.filter((r) => r.method === 'PUT' && r.query.includes('partNumber'))
  expect(partPuts.filter((r) => r.status === 500)).toHaveLength(1)
  expect(partPuts.filter((r) => r.status === 200)).toHaveLength(4)
  expect(server.requests.filter((r) => r.query.startsWith('uploads'))).toHaveLength(1)
})

test('when every retry fails, the multipart upload is aborted and no parts are left behind', async () => {
  server.injectFaults({ kind: 'status', status: 503, code: 'ServiceUnavailable', rate: 1, methods: ['PUT'] })
  const { output } = await uploadBig(3, { retries: 1 })
  expect(output).toBeInstanceOf(Error)
  expect((output as Error).message).toMatch(/\[PART \d+\] img\/[0-9a-f]{16}\.png \(big-3\.png\): 503 ServiceUnavailable/)
  expect(server.requests.some((r) => r.method === 'DELETE' && r.query.includes('uploadId'))).toBe(true)
  expect(server.pendingMultipartUploads()).toBe(0)
})

test('when one part fails for good, the parts in flight settle before the abort, and nothing of the upload remains', async () => {
  // Part 1 is stored but its answer never comes (the client gives up after `timeout`); part 2 is refused for good.
  server.injectFaults(
    { kind: 'hold', methods: ['PUT'], query: { partNumber: '1' }, count: 1 },
    { kind: 'status', status: 403, code: 'AccessDenied', methods: ['PUT'], query: { partNumber: '2' } }
  )
  const { output } = await uploadBig(4, { retries: 0, timeout: 1000 })
  expect(output).toBeInstanceOf(Error)
  expect((output as Error).message).toMatch(/\[PART 2\] img\/[0-9a-f]{16}\.png \(big-4\.png\): 403 AccessDenied/)
  const firstAbort = server.requests.findIndex((r) => r.method === 'DELETE' && r.query.includes('uploadId'))
  expect(firstAbort).toBeGreaterThan(0)
  const afterAbort = server.requests.slice(firstAbort)
  expect(afterAbort.filter((r) => r.query.includes('partNumber'))).toEqual([])
  // The abort is confirmed: ListParts answers NoSuchUpload.
  expect(afterAbort.some((r) => r.method === 'GET' && r.query.includes('uploadId') && r.code === 'NoSuchUpload')).toBe(true)
  expect(server.pendingMultipartUploads()).toBe(0)
})
