import type OSS from 'ali-oss'
import { PluginError } from '../errors'
import { withSuffix } from '../naming/object-key'
import type { ContentDigest } from '../transformers/types'
import type { OssClient } from './client'
import { crc64 } from './crc64'
import { toPluginError } from './oss-error'
import { type RetryPolicy, withRetries } from './retry'

/** How many "-1", "-2", … names to try when a key already holds other content. */
const MAX_NAME_ATTEMPTS = 20
const MIN_PART_SIZE = 1024 * 1024
/** Parts grow to this size once a file has enough of them to keep PARALLEL_PARTS busy twice over. */
const LARGE_PART_SIZE = 5 * 1024 * 1024
const MAX_PARTS = 10_000
const PARALLEL_PARTS = 4

export interface StoreRequest {
  key: string
  buffer: Buffer
  contentType: string
  /** The user's file name, for messages. */
  fileName: string
}

export interface StoreOptions {
  dedupe: boolean
  /** Cache-Control, ACL, storage class: sent with every upload. */
  headers: Record<string, string>
  multipartThresholdBytes: number
  retry: RetryPolicy
  /** Values that must never appear in an error message. */
  secrets: readonly string[]
  onProgress?: (fraction: number) => void
}

export interface StoreResult {
  /** The key the bytes are stored under (the requested one, or "-N" when that held other content). */
  key: string
  /** False when an identical object was already there. */
  uploaded: boolean
  /** Of the stored bytes; md5Hex upper-case, as OSS's ETag. */
  md5Hex: string
  sha256Hex: string
}

interface Digest { md5Hex: string; md5Base64: string; sha256Hex: string }

/**
 * Stores the bytes without ever overwriting other content: HEAD first (dedupe), then PUT with
 * x-oss-forbid-overwrite; a key that holds different bytes moves the upload to "name-1.ext".
 * `content` are the digests of request.buffer, as the naming stage computed them.
 */
export async function storeObject(
  client: OssClient,
  request: StoreRequest,
  content: ContentDigest,
  options: StoreOptions
): Promise<StoreResult> {
  const digest: Digest = {
    md5Hex: content.md5Hex.toUpperCase(),
    md5Base64: Buffer.from(content.md5Hex, 'hex').toString('base64'),
    sha256Hex: content.sha256Hex
  }
  const store = new ObjectStore(client, request, options, digest)
  const result = (key: string, uploaded: boolean): StoreResult => ({ key, uploaded, md5Hex: digest.md5Hex, sha256Hex: digest.sha256Hex })
  for (let attempt = 0; attempt < MAX_NAME_ATTEMPTS; attempt++) {
    const key = attempt === 0 ? request.key : withSuffix(request.key, attempt)
    const existing = options.dedupe ? await store.head(key) : undefined
    if (existing !== undefined) {
      if (store.holdsOurBytes(existing)) return result(key, false)
      continue
    }
    const outcome = await store.upload(key)
    if (outcome === 'stored') return result(key, true)
    const occupant = await store.head(key)
    if (occupant !== undefined && store.holdsOurBytes(occupant)) return result(key, false)
  }
  throw new PluginError(`[PUT] ${request.key} (${request.fileName}): ${MAX_NAME_ATTEMPTS} keys from this name already hold other files; change "fileName"`, {
    file: request.fileName, code: 'FileAlreadyExists'
  })
}

/** True when `key` holds exactly the bytes with these digests: one HEAD, retried like any request. */
export async function holdsBytes(
  client: OssClient,
  key: string,
  digest: { md5Hex: string; sha256Hex: string },
  fileName: string,
  options: StoreOptions
): Promise<boolean> {
  const request: StoreRequest = { key, buffer: Buffer.alloc(0), contentType: '', fileName }
  const store = new ObjectStore(client, request, options, { ...digest, md5Base64: '' })
  const existing = await store.head(key)
  return existing !== undefined && store.holdsOurBytes(existing)
}

interface ExistingObject { etag: string; sha256?: string }

class ObjectStore {
  constructor(
    private readonly client: OssClient,
    private readonly request: StoreRequest,
    private readonly options: StoreOptions,
    private readonly digest: Digest
  ) {}

  holdsOurBytes(existing: ExistingObject): boolean {
    return existing.etag === this.digest.md5Hex || existing.sha256 === this.digest.sha256Hex
  }

  async head(key: string): Promise<ExistingObject | undefined> {
    return this.retrying('HEAD', key, async () => {
      try {
        const result = await this.client.head(key)
        const headers = result.res.headers as Record<string, string | undefined>
        const meta = (result.meta ?? {}) as Record<string, string | undefined>
        return { etag: (headers.etag ?? '').replace(/"/g, '').toUpperCase(), sha256: meta.sha256 }
      } catch (error) {
        if ((error as { status?: number }).status === 404) return undefined
        throw error
      }
    })
  }

  /** 'stored', or 'occupied' when OSS refused to overwrite an existing object (409 FileAlreadyExists). */
  async upload(key: string): Promise<'stored' | 'occupied'> {
    try {
      if (this.request.buffer.length > this.options.multipartThresholdBytes) await this.multipart(key)
      else await this.put(key)
      this.options.onProgress?.(1)
      return 'stored'
    } catch (error) {
      if (error instanceof PluginError && error.code === 'FileAlreadyExists') return 'occupied'
      throw error
    }
  }

  private async put(key: string): Promise<void> {
    let overwriteOwnCorruptCopy = false
    await this.retrying('PUT', key, async () => {
      const result = await this.client.put(key, this.request.buffer, {
        mime: this.request.contentType,
        headers: {
          ...this.uploadHeaders(overwriteOwnCorruptCopy),
          'Content-MD5': this.digest.md5Base64
        }
      })
      overwriteOwnCorruptCopy = true
      this.checkCrc('PUT', key, result.res.headers as Record<string, string>)
    })
  }

  private async multipart(key: string): Promise<void> {
    const size = this.request.buffer.length
    // Fewer, larger parts cost fewer signed requests; small files still get parts for every worker.
    const partSize = Math.max(MIN_PART_SIZE, Math.ceil(size / MAX_PARTS), Math.min(LARGE_PART_SIZE, Math.ceil(size / (2 * PARALLEL_PARTS))))
    let checkpoint: OSS.Checkpoint | undefined
    try {
      await this.retrying('MULTIPART', key, async () => {
        const result = await this.client.multipartUpload(key, this.request.buffer, {
          mime: this.request.contentType,
          headers: this.uploadHeaders(false),
          partSize,
          parallel: PARALLEL_PARTS,
          ...(checkpoint ? { checkpoint } : {}),
          progress: async (fraction: number, point?: OSS.Checkpoint) => {
            if (point) checkpoint = point
            this.options.onProgress?.(fraction)
          }
        })
        this.checkCrc('MULTIPART', key, (result.res as { headers: Record<string, string> }).headers)
      })
    } catch (error) {
      if (checkpoint?.uploadId) await this.abort(key, checkpoint.uploadId)
      throw error
    }
  }

  private async abort(key: string, uploadId: string): Promise<void> {
    try {
      await this.retrying('ABORT', key, () => this.client.abortMultipartUpload(key, uploadId))
    } catch {
      // The upload error is the one to report; an unaborted upload only leaves parts that OSS lifecycle rules can clear.
    }
  }

  private uploadHeaders(allowOverwrite: boolean): Record<string, string> {
    return {
      ...this.options.headers,
      'x-oss-meta-sha256': this.digest.sha256Hex,
      'x-oss-forbid-overwrite': allowOverwrite ? 'false' : 'true'
    }
  }

  /** ali-oss does not check x-oss-hash-crc64ecma; a mismatch means the stored bytes differ from ours. */
  private checkCrc(operation: string, key: string, headers: Record<string, string | undefined>): void {
    const reported = headers['x-oss-hash-crc64ecma']
    if (reported !== undefined && reported !== crc64(this.request.buffer)) {
      throw new PluginError(`[${operation}] ${key} (${this.request.fileName}): CRC-64 of the stored object differs from the file's`, {
        file: this.request.fileName, code: 'CrcMismatch', retryable: true, requestId: headers['x-oss-request-id']
      })
    }
  }

  private retrying<T>(operation: string, key: string, attempt: () => Promise<T>): Promise<T> {
    const context = { operation, key, file: this.request.fileName, secrets: this.options.secrets }
    return withRetries(this.options.retry, async () => {
      try {
        return await attempt()
      } catch (error) {
        throw toPluginError(error, context)
      }
    })
  }
}
