// In-memory buckets, objects and multipart uploads. Bodies are kept as the buffers they arrived in:
// a completed multipart object references its parts' buffers instead of copying them.
import type { BucketSpec, StoredObject } from './types'

export interface ObjectRecord {
  chunks: readonly Buffer[]
  size: number
  contentType: string
  etag: string
  crc64: string
  /** Base64 MD5, for simple uploads only (OSS sends none for multipart objects). */
  contentMd5?: string
  headers: Record<string, string>
  lastModified: Date
  multipart: boolean
}

export interface UploadedPart {
  data: Buffer
  md5: Buffer
  etag: string
}

export interface MultipartUpload {
  id: string
  key: string
  initiated: Date
  contentType: string
  headers: Record<string, string>
  /** x-oss-forbid-overwrite was sent at initiation. */
  forbidOverwrite: boolean
  parts: Map<number, UploadedPart>
}

export class BucketState {
  readonly objects = new Map<string, ObjectRecord>()
  readonly uploads = new Map<string, MultipartUpload>()
  readonly created = new Date()

  constructor(
    readonly name: string,
    readonly region: string,
    readonly acl: 'private' | 'public-read'
  ) {}

  sortedKeys(): string[] {
    return [...this.objects.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  }
}

export class Store {
  private readonly buckets = new Map<string, BucketState>()

  constructor(specs: readonly BucketSpec[]) {
    for (const spec of specs) this.buckets.set(spec.name, new BucketState(spec.name, spec.region, spec.acl ?? 'public-read'))
  }

  bucket(name: string): BucketState | undefined {
    return this.buckets.get(name)
  }

  allBuckets(): BucketState[] {
    return [...this.buckets.values()]
  }

  objectCount(): number {
    return this.allBuckets().reduce((sum, bucket) => sum + bucket.objects.size, 0)
  }

  storedBytes(): number {
    let total = 0
    for (const bucket of this.buckets.values()) for (const record of bucket.objects.values()) total += record.size
    return total
  }

  pendingUploads(): number {
    return this.allBuckets().reduce((sum, bucket) => sum + bucket.uploads.size, 0)
  }

  /** Deletes every object and pending multipart upload; buckets stay. */
  clear(): void {
    for (const bucket of this.buckets.values()) {
      bucket.objects.clear()
      bucket.uploads.clear()
    }
  }
}

/** The public view of a record; `body` is joined on access so multipart objects aren't copied until asked for. */
export function toStoredObject(record: ObjectRecord): StoredObject {
  return {
    get body(): Buffer {
      return record.chunks.length === 1 ? record.chunks[0]! : Buffer.concat(record.chunks, record.size)
    },
    contentType: record.contentType,
    etag: record.etag,
    crc64: record.crc64,
    headers: { ...record.headers },
    lastModified: record.lastModified,
    multipart: record.multipart
  }
}
