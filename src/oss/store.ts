// Object operations as plain functions, each one OSS request retried through withOssRetries. None of them decides
// whether a key is ours: that is the upload's place step's job (uploader/steps/place.ts), with the evidence these return.
import type { Settings } from '../settings/config'
import type { PluginError } from '../errors'
import { errorCode, errorStatus, type OperationContext, requestError } from './oss-error'
import { secretsOf } from '../errors/redact'
import { type Body, readRange } from './body'
import { createClient, type OssClient } from './client'
import { type Content, evidenceFromHeaders, headersOf, type ObjectEvidence } from './evidence'
import { DEFAULT_BACKOFF, type RetryPolicy, withOssRetries } from './retry'

export interface StoreContext {
  client: OssClient
  /** A client of its own for one multipart upload: ali-oss's abort cancels every multipart upload of its client. */
  newClient: () => OssClient
  retry: RetryPolicy
  /** Values that must never appear in an error message. */
  secrets: readonly string[]
  /** Cache-Control, ACL, storage class: sent with every upload. */
  headers: Record<string, string>
  multipartThresholdBytes: number
  /** The user's file name, for messages. */
  fileName: string
}

export interface Upload {
  key: string
  body: Body
  content: Content
  contentType: string
}

/** 'created': our request made the object. 'occupied': OSS refused to overwrite an object already there (409). */
export type UploadOutcome = 'created' | 'occupied'

/** The server's evidence for the object at key, or undefined when there is none. */
export function headObject(ctx: StoreContext, key: string): Promise<ObjectEvidence | undefined> {
  return withOssRetries(ctx.retry, operation(ctx, 'HEAD', key), async () => {
    try {
      const result = await ctx.client.head(key)
      return evidenceFromHeaders(headersOf(result.res))
    } catch (error) {
      if (errorStatus(error) === 404) return undefined
      throw error
    }
  })
}

export async function deleteObject(ctx: StoreContext, key: string): Promise<void> {
  await withOssRetries(ctx.retry, operation(ctx, 'DELETE', key), () => ctx.client.delete(key))
}

/** DeleteMultipleObjects takes at most this many keys a request. */
const MAX_KEYS_PER_DELETE = 1000

export interface DeletedObjects {
  deleted: string[]
  /** One error per request that failed, naming its keys. */
  failed: PluginError[]
}

/** Deletes the keys, up to 1,000 a request; a request that fails leaves its keys out of `deleted`. */
export async function deleteObjects(ctx: StoreContext, keys: readonly string[]): Promise<DeletedObjects> {
  const outcome: DeletedObjects = { deleted: [], failed: [] }
  for (let start = 0; start < keys.length; start += MAX_KEYS_PER_DELETE) {
    const batch = keys.slice(start, start + MAX_KEYS_PER_DELETE)
    const key = batch.length === 1 ? (batch[0] as string) : `${batch.length} objects (${batch[0]}, …)`
    try {
      await withOssRetries(ctx.retry, operation(ctx, 'DELETE', key), () => ctx.client.deleteMulti(batch, { quiet: true }))
      outcome.deleted.push(...batch)
    } catch (error) {
      outcome.failed.push(error as PluginError)
    }
  }
  return outcome
}

/** A single PUT that never overwrites (x-oss-forbid-overwrite), checked against the CRC-64 OSS computed. */
export async function putObject(ctx: StoreContext, upload: Upload): Promise<UploadOutcome> {
  const { key, content } = upload
  // Read once, before the retries: a single PUT's body is at most the multipart threshold.
  const bytes = await readRange(upload.body, 0, upload.body.size, ctx.fileName)
  return withOssRetries(ctx.retry, operation(ctx, 'PUT', key), async () => {
    let result
    try {
      result = await ctx.client.put(key, bytes, {
        mime: upload.contentType,
        headers: { ...uploadHeaders(ctx, content), 'Content-MD5': Buffer.from(content.md5Hex, 'hex').toString('base64') }
      })
    } catch (error) {
      if (isAlreadyThere(error)) return 'occupied'
      throw error
    }
    await rejectCorruptCopy(ctx, key, content, evidenceFromHeaders(headersOf(result.res)), 'PUT')
    return 'created'
  })
}

/** The headers of every upload request; the sha256 metadata is a hint for people and other tools, never proof. */
export function uploadHeaders(ctx: StoreContext, content: Content): Record<string, string> {
  return { ...ctx.headers, 'x-oss-meta-sha256': content.sha256Hex, 'x-oss-forbid-overwrite': 'true' }
}

export function isAlreadyThere(error: unknown): boolean {
  const code = errorCode(error)
  return errorStatus(error) === 409 && (code === undefined || code === 'FileAlreadyExists')
}

/**
 * OSS answered with the CRC-64 of what it stored, and it is not ours: the object our request just created is
 * deleted (the key was free, x-oss-forbid-overwrite made sure) and the error is retryable, so it is sent again.
 */
export async function rejectCorruptCopy(ctx: StoreContext, key: string, content: Content, stored: ObjectEvidence, operationName: string): Promise<void> {
  if (stored.crc64 === undefined || stored.crc64 === '' || stored.crc64 === content.crc64) return
  await deleteObject(ctx, key)
  throw requestError(
    { operation: operationName, key, file: ctx.fileName },
    `the CRC-64 OSS computed (${stored.crc64}) is not the file's (${content.crc64}); the corrupt copy was deleted`,
    { code: 'CrcMismatch', retryable: true }
  )
}

export function operation(ctx: StoreContext, name: string, key: string): OperationContext {
  return { operation: name, key, ...(ctx.fileName ? { file: ctx.fileName } : {}), secrets: ctx.secrets }
}

const MB = 1024 * 1024
const IMMUTABLE = 'public, max-age=31536000, immutable'

/** The bucket of these settings, on a client of its own: every request from there goes through the functions of src/oss/. */
export function openBucket(settings: Settings, fileName = '', options: { contentAddressed?: boolean; onRetry?: RetryPolicy['onRetry'] } = {}): StoreContext {
  return storeContextOf(settings, createClient(settings), fileName, options)
}

/** The store context for these settings: their headers (Cache-Control, ACL, storage class), retries and secrets. */
export function storeContextOf(
  settings: Settings,
  client: OssClient,
  fileName: string,
  options: { contentAddressed?: boolean; onRetry?: RetryPolicy['onRetry'] } = {}
): StoreContext {
  const headers: Record<string, string> = {}
  const cacheControl = settings.cacheControl || (options.contentAddressed === true ? IMMUTABLE : '')
  if (cacheControl) headers['Cache-Control'] = cacheControl
  if (settings.acl) headers['x-oss-object-acl'] = settings.acl
  if (settings.storageClass) headers['x-oss-storage-class'] = settings.storageClass
  return {
    client,
    newClient: () => createClient(settings),
    headers,
    fileName,
    multipartThresholdBytes: settings.multipartThreshold * MB,
    retry: { retries: settings.retries, ...DEFAULT_BACKOFF, onRetry: options.onRetry },
    secrets: secretsOf(settings)
  }
}
