// Multipart uploads through ali-oss, and the checks OSS makes when an upload is completed.
import { createHash, randomBytes } from 'node:crypto'
import OSS from 'ali-oss'
import { crc64 } from '../../tools/oss-server/crc64'
import { DEFAULT_CREDENTIAL } from '../../tools/oss-server'
import { v1Signature, v1StringToSign } from '../../tools/oss-server/signature-v1'
import { aliOssClient, failureOf } from '../helpers/ali-oss'
import { useOssServer } from '../helpers/oss-server'

const server = useOssServer({ credentials: [DEFAULT_CREDENTIAL] })

const client = (v4: boolean): OSS => aliOssClient(server, { v4, timeout: 10_000 })

const ALL_PARTS = { 'max-parts': 1000, 'part-number-marker': 0, 'encoding-type': 'url' } as const

const md5 = (data: Buffer): Buffer => createHash('md5').update(data).digest()

describe.each([
  ['V1', false],
  ['V4', true]
])('%s', (_name, v4) => {
  test('multipartUpload of 1.5 MB in 100 KB parts stores the bytes exactly, with a -N ETag and the whole-object CRC', async () => {
    const body = randomBytes(1536 * 1024 + 123)
    const key = `big/${v4 ? 'v4' : 'v1'}.bin`
    const result = await client(v4).multipartUpload(key, body, {
      partSize: 100 * 1024,
      parallel: 4,
      mime: 'application/x-test',
      headers: { 'x-oss-meta-origin': 'multipart', 'Cache-Control': 'no-cache' }
    })
    expect(result.res.status).toBe(200)

    const stored = server.getObject('test-bucket', key)!
    expect(stored.body.equals(body)).toBe(true)
    expect(stored.multipart).toBe(true)
    expect(stored.contentType).toBe('application/x-test')
    expect(stored.headers).toMatchObject({ 'x-oss-meta-origin': 'multipart', 'cache-control': 'no-cache' })
    expect(stored.crc64).toBe(crc64(body).toString())

    const partCount = Math.ceil(body.length / (100 * 1024))
    const partMd5s = Array.from({ length: partCount }, (_, i) => md5(body.subarray(i * 100 * 1024, (i + 1) * 100 * 1024)))
    expect(stored.etag).toBe(`"${md5(Buffer.concat(partMd5s)).toString('hex').toUpperCase()}-${partCount}"`)
    expect(server.pendingMultipartUploads()).toBe(0)

    const head = await client(v4).head(key)
    expect((head.res.headers as Record<string, string>)['x-oss-object-type']).toBe('Multipart')
  })
})

describe('completion checks', () => {
  const key = 'checks.bin'
  const big = randomBytes(100 * 1024)
  const small = randomBytes(10)

  async function initiate(): Promise<{ oss: OSS; uploadId: string }> {
    const oss = client(true)
    const { uploadId } = await oss.initMultipartUpload(key)
    return { oss, uploadId }
  }

  // ali-oss sorts and dedupes the list it sends, so this request is signed with the server's own V1 signer.
  test('parts out of order: 400 InvalidPartOrder', async () => {
    const { oss, uploadId } = await initiate()
    const one = await oss.uploadPart(key, uploadId, 1, big, 0, big.length)
    const two = await oss.uploadPart(key, uploadId, 2, small, 0, small.length)
    const xml =
      `<CompleteMultipartUpload><Part><PartNumber>2</PartNumber><ETag>${two.etag}</ETag></Part>` +
      `<Part><PartNumber>1</PartNumber><ETag>${one.etag}</ETag></Part></CompleteMultipartUpload>`
    const headers = { 'Content-Type': 'application/xml', 'x-oss-date': new Date().toUTCString() }
    const stringToSign = v1StringToSign({
      method: 'POST',
      headers,
      date: headers['x-oss-date'],
      bucket: 'test-bucket',
      key,
      query: [{ name: 'uploadId', value: uploadId }]
    })
    const response = await fetch(`${server.url}/test-bucket/${key}?uploadId=${uploadId}`, {
      method: 'POST',
      body: xml,
      headers: { ...headers, Authorization: `OSS test-ak:${v1Signature('test-secret', stringToSign)}` }
    })
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('<Code>InvalidPartOrder</Code>')
    await oss.abortMultipartUpload(key, uploadId)
  })

  test('a missing part or a wrong ETag: 400 InvalidPart', async () => {
    const { oss, uploadId } = await initiate()
    const one = await oss.uploadPart(key, uploadId, 1, big, 0, big.length)
    expect(
      await failureOf(
        oss.completeMultipartUpload(key, uploadId, [
          { number: 1, etag: one.etag },
          { number: 2, etag: one.etag }
        ])
      )
    ).toMatchObject({ status: 400, code: 'InvalidPart' })
    expect(await failureOf(oss.completeMultipartUpload(key, uploadId, [{ number: 1, etag: '"00000000000000000000000000000000"' }]))).toMatchObject({
      status: 400,
      code: 'InvalidPart'
    })
    await oss.abortMultipartUpload(key, uploadId)
  })

  test('a part under 100 KB that is not the last: 400 EntityTooSmall', async () => {
    const { oss, uploadId } = await initiate()
    const one = await oss.uploadPart(key, uploadId, 1, small, 0, small.length)
    const two = await oss.uploadPart(key, uploadId, 2, small, 0, small.length)
    const error = await failureOf(
      oss.completeMultipartUpload(key, uploadId, [
        { number: 1, etag: one.etag },
        { number: 2, etag: two.etag }
      ])
    )
    expect(error).toMatchObject({ status: 400, code: 'EntityTooSmall' })
    await oss.abortMultipartUpload(key, uploadId)
  })

  test('abort leaves no pending upload; aborting again is 404 NoSuchUpload', async () => {
    const { oss, uploadId } = await initiate()
    await oss.uploadPart(key, uploadId, 1, big, 0, big.length)
    expect(server.pendingMultipartUploads()).toBe(1)
    await oss.abortMultipartUpload(key, uploadId)
    expect(server.requests.at(-1)).toMatchObject({ method: 'DELETE', status: 204 })
    expect(server.pendingMultipartUploads()).toBe(0)
    expect(server.getObject('test-bucket', key)).toBeUndefined()
    expect(await failureOf(oss.abortMultipartUpload(key, uploadId))).toMatchObject({ status: 404, code: 'NoSuchUpload' })
  })

  test('ListParts names the stored parts; after the abort it is 404 NoSuchUpload', async () => {
    const { oss, uploadId } = await initiate()
    await oss.uploadPart(key, uploadId, 2, big, 0, big.length)
    await oss.uploadPart(key, uploadId, 1, big, 0, big.length)
    const listed = await oss.listParts(key, uploadId, ALL_PARTS)
    expect([listed.parts].flat().map((part) => String(part.PartNumber))).toEqual(['1', '2'])
    await oss.abortMultipartUpload(key, uploadId)
    expect(await failureOf(oss.listParts(key, uploadId, ALL_PARTS))).toMatchObject({ status: 404, code: 'NoSuchUpload' })
  })

  test('a part still in flight when the abort arrives is not deleted, as OSS warns: a second abort removes it', async () => {
    server.injectFaults({ kind: 'hold', methods: ['PUT'], query: { partNumber: '1' }, count: 1 })
    const { oss, uploadId } = await initiate()
    const held = oss.uploadPart(key, uploadId, 1, big, 0, big.length)
    while (!server.requests.some((request) => request.fault === 'hold')) await new Promise((resolve) => setImmediate(resolve))
    await client(true).abortMultipartUpload(key, uploadId)
    expect(server.releaseHeld()).toBe(1)
    await held
    expect(server.pendingMultipartUploads()).toBe(1)
    expect([(await oss.listParts(key, uploadId, ALL_PARTS)).parts].flat()).toHaveLength(1)
    await oss.abortMultipartUpload(key, uploadId)
    expect(server.pendingMultipartUploads()).toBe(0)
  })

  test('a held request whose client gives up is logged as such and leaves nothing in flight', async () => {
    server.injectFaults({ kind: 'hold', methods: ['PUT'], query: { partNumber: '1' }, count: 1 })
    const { uploadId } = await initiate()
    const impatient = aliOssClient(server, { v4: true, timeout: 300 })
    expect(await failureOf(impatient.uploadPart(key, uploadId, 1, big, 0, big.length))).toBeDefined()
    while (!server.requests.some((request) => request.fault === 'hold (the client gave up)')) await new Promise((resolve) => setTimeout(resolve, 10))
    expect(server.releaseHeld()).toBe(0)
    await client(true).abortMultipartUpload(key, uploadId)
    expect(server.pendingMultipartUploads()).toBe(0)
  })

  test('x-oss-forbid-overwrite is honoured at completion', async () => {
    const oss = client(true)
    const { uploadId } = await oss.initMultipartUpload('taken.bin', { headers: { 'x-oss-forbid-overwrite': 'true' } })
    const part = await oss.uploadPart('taken.bin', uploadId, 1, small, 0, small.length)
    server.putObject('test-bucket', 'taken.bin', Buffer.from('already here'))
    const error = await failureOf(oss.completeMultipartUpload('taken.bin', uploadId, [{ number: 1, etag: part.etag }]))
    expect(error).toMatchObject({ status: 409, code: 'FileAlreadyExists' })
    expect(server.getObject('test-bucket', 'taken.bin')?.body.toString()).toBe('already here')
    await oss.abortMultipartUpload('taken.bin', uploadId)
  })
})
