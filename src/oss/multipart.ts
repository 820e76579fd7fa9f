// A multipart upload of our own, on ali-oss's single requests: every part with Content-MD5 (OSS rejects a part
// corrupted on the way) and checked against the CRC-64 OSS answers, the whole object checked against its CRC-64
// after Complete, and an abort that cannot cancel anyone else's upload.
import { createHash } from 'crypto'
import { PluginError } from '../errors'
import { errorCode, requestError } from './oss-error'
import { readRange } from './body'
import type { OssClient } from './client'
import { crc64 } from './crc64'
import { describeEvidence, evidenceFromHeaders, headersOf, holdsContent } from './evidence'
import { mapBounded } from '../concurrency/limit'
import {
  type StoreContext,
  type Upload,
  type UploadOutcome,
  deleteObject,
  headObject,
  isAlreadyThere,
  operation,
  rejectCorruptCopy,
  uploadHeaders
} from './store'
import { withOssRetries } from './retry'

const MIN_PART_SIZE = 1024 * 1024
/** Parts grow to this size once a file has enough of them to keep PARALLEL_PARTS busy twice over. */
const LARGE_PART_SIZE = 5 * 1024 * 1024
const MAX_PARTS = 10_000
const PARALLEL_PARTS = 4

interface UploadedPart {
  number: number
  etag: string
}

/**
 * 'created' or 'occupied' (a 409 at Initiate or Complete). A Complete whose answer was lost is recognised by the
 * object's own evidence; an object whose CRC-64 is not ours is deleted and the whole upload is made again.
 */
export async function uploadMultipart(ctx: StoreContext, upload: Upload): Promise<UploadOutcome> {
  for (let round = 0; ; round++) {
    try {
      return await uploadOnce(ctx, upload)
    } catch (error) {
      if (!(error instanceof PluginError) || error.code !== 'CrcMismatch' || round >= ctx.retry.retries) throw error
      ctx.retry.onRetry?.(error, round + 1, 0)
    }
  }
}

async function uploadOnce(ctx: StoreContext, upload: Upload): Promise<UploadOutcome> {
  const { key } = upload
  const uploadId = await withOssRetries(ctx.retry, operation(ctx, 'INITIATE', key), async () => {
    try {
      const result = await ctx.client.initMultipartUpload(key, { mime: upload.contentType, headers: uploadHeaders(ctx, upload.content) })
      return result.uploadId
    } catch (error) {
      if (isAlreadyThere(error)) return undefined
      throw error
    }
  })
  if (uploadId === undefined) return 'occupied'
  try {
    const parts = await uploadParts(ctx, upload, uploadId)
    const outcome = await complete(ctx, upload, uploadId, parts)
    if (outcome === 'occupied') await abort(ctx, key, uploadId)
    return outcome
  } catch (error) {
    await abort(ctx, key, uploadId)
    throw error
  }
}

function partSizeFor(size: number): number {
  // Fewer, larger parts cost fewer signed requests; small files still get parts for every worker.
  return Math.max(MIN_PART_SIZE, Math.ceil(size / MAX_PARTS), Math.min(LARGE_PART_SIZE, Math.ceil(size / (2 * PARALLEL_PARTS))))
}

async function uploadParts(ctx: StoreContext, upload: Upload, uploadId: string): Promise<UploadedPart[]> {
  const size = upload.body.size
  const partSize = partSizeFor(size)
  const starts = Array.from({ length: Math.ceil(size / partSize) }, (_, index) => index * partSize)
  // A part that fails for good stops the rest; the parts in flight settle first, so the abort races none of them.
  // Each part is read when its turn comes: at most PARALLEL_PARTS parts of a file are in memory at once.
  return mapBounded(starts, PARALLEL_PARTS, (start, index) => uploadPart(ctx, upload, uploadId, index + 1, start, Math.min(size, start + partSize)))
}

async function uploadPart(ctx: StoreContext, upload: Upload, uploadId: string, number: number, start: number, end: number): Promise<UploadedPart> {
  const bytes = await readRange(upload.body, start, end, ctx.fileName)
  const md5 = createHash('md5').update(bytes).digest('base64')
  const expectedCrc = crc64(bytes)
  return withOssRetries(ctx.retry, operation(ctx, `PART ${number}`, upload.key), async () => {
    const result = await ctx.client.uploadPart(upload.key, uploadId, number, bytes, 0, bytes.length, { headers: { 'Content-MD5': md5 } })
    const answered = evidenceFromHeaders(headersOf(result.res)).crc64
    if (answered !== undefined && answered !== '' && answered !== expectedCrc) {
      throw requestError({ operation: `PART ${number}`, key: upload.key, file: ctx.fileName }, "the CRC-64 OSS computed for the part is not the file's", {
        code: 'CrcMismatch',
        retryable: true
      })
    }
    return { number, etag: result.etag }
  })
}

async function complete(ctx: StoreContext, upload: Upload, uploadId: string, parts: UploadedPart[]): Promise<UploadOutcome> {
  const { key, content } = upload
  let sent = false
  // The checks after the answer stay outside the retries: a corrupt object is deleted, and the whole upload starts again.
  const answer = await withOssRetries(ctx.retry, operation(ctx, 'COMPLETE', key), async () => {
    const wasSent = sent
    sent = true
    try {
      const result = await ctx.client.completeMultipartUpload(key, uploadId, parts, { headers: { 'x-oss-forbid-overwrite': 'true' } })
      return headersOf(result.res)
    } catch (error) {
      if (isAlreadyThere(error)) return 'occupied'
      // A Complete sent before whose answer was lost: the upload is gone because it made the object.
      if (wasSent && errorCode(error) === 'NoSuchUpload') return 'answer lost'
      throw error
    }
  })
  if (answer === 'occupied') return 'occupied'
  if (answer === 'answer lost') return completedEarlier(ctx, upload)
  await rejectCorruptCopy(ctx, key, content, { ...evidenceFromHeaders(answer), size: content.size }, 'COMPLETE')
  return 'created'
}

async function completedEarlier(ctx: StoreContext, upload: Upload): Promise<UploadOutcome> {
  const evidence = await headObject(ctx, upload.key)
  if (evidence === undefined) {
    throw requestError({ operation: 'COMPLETE', key: upload.key, file: ctx.fileName }, 'the multipart upload vanished without making the object', {
      code: 'NoSuchUpload',
      retryable: false
    })
  }
  if (holdsContent(evidence, upload.content)) return 'created'
  // Our own Complete made it (the key was free: x-oss-forbid-overwrite), so a copy that is not ours goes.
  await deleteObject(ctx, upload.key)
  throw requestError(
    { operation: 'COMPLETE', key: upload.key, file: ctx.fileName },
    `the object OSS made is not the file (${describeEvidence(evidence)}); the corrupt copy was deleted`,
    {
      code: 'CrcMismatch',
      retryable: true
    }
  )
}

const ABORT_ROUNDS = 3
/** Whether any part is listed is all the check asks. */
const ONE_PART = { 'max-parts': 1, 'part-number-marker': 0, 'encoding-type': 'url' } as const

/**
 * Aborts, then asks ListParts whether the upload is gone: OSS may keep parts that were still arriving at the abort,
 * and says to abort again then. On a client of its own: ali-oss's abortMultipartUpload sets a cancel flag on the
 * client it runs on. The upload's own error is the one to report, so a failure here is not thrown; parts that
 * still remain are cleared by a lifecycle rule (README).
 */
async function abort(ctx: StoreContext, key: string, uploadId: string): Promise<void> {
  const client: OssClient = ctx.newClient()
  for (let round = 0; round < ABORT_ROUNDS; round++) {
    try {
      await withOssRetries(ctx.retry, operation(ctx, 'ABORT', key), () => client.abortMultipartUpload(key, uploadId))
    } catch (error) {
      if (isNoSuchUpload(error)) return
    }
    if (await isGone(ctx, client, key, uploadId)) return
  }
}

async function isGone(ctx: StoreContext, client: OssClient, key: string, uploadId: string): Promise<boolean> {
  try {
    await withOssRetries(ctx.retry, operation(ctx, 'LIST PARTS', key), () => client.listParts(key, uploadId, ONE_PART))
    return false
  } catch (error) {
    return isNoSuchUpload(error)
  }
}

// withOssRetries's PluginError carries the OSS code it was made from.
const isNoSuchUpload = (error: unknown): boolean => errorCode(error) === 'NoSuchUpload'
