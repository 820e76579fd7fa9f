import { contentDigest } from '../../transformers/hash-name'
import type { OssClient } from '../../uploader/client'
import { toPluginError } from '../../uploader/oss-error'
import { withRetries } from '../../uploader/retry'
import { type StoreOptions, storeObject } from '../../uploader/store'

export interface RestoredObject {
  key: string
  buffer: Buffer
  /** CRC-64/XZ of buffer, as the manifest recorded it. */
  crc64: string
  contentType: string
  /** The local file, for messages. */
  fileName: string
}

export type RestoreOutcome =
  | { kind: 'stored' }
  | { kind: 'present' }
  | { kind: 'occupied'; detail: string }

/**
 * The one place restore goes through the uploader's store: the identity rule, then storeObject. A key that
 * already holds these bytes (OSS's own evidence: length and CRC-64) is left alone; a key holding other bytes
 * is reported, never overwritten; a free key gets a PUT with x-oss-forbid-overwrite, checked by CRC-64.
 * (When the store is redesigned, this adapter is what changes.)
 */
export async function storeRestoredObject(client: OssClient, object: RestoredObject, options: StoreOptions): Promise<RestoreOutcome> {
  const existing = await withRetries(options.retry, () => headEvidence(client, object.key, options.secrets))
  if (existing !== undefined) {
    if (existing.size === object.buffer.length && existing.crc64 === object.crc64) return { kind: 'present' }
    return { kind: 'occupied', detail: `the bucket already holds other bytes there (${existing.size} bytes, CRC-64 ${existing.crc64 ?? 'not sent'}): left as it is` }
  }
  const stored = await storeObject(client, { key: object.key, buffer: object.buffer, contentType: object.contentType, fileName: object.fileName },
    contentDigest(object.buffer), { ...options, dedupe: false })
  if (stored.key === object.key) return { kind: 'stored' }
  return { kind: 'occupied', detail: `other bytes were stored there meanwhile: the backup's copy went to ${stored.key}` }
}

async function headEvidence(client: OssClient, key: string, secrets: readonly string[]): Promise<{ size: number; crc64?: string } | undefined> {
  try {
    const result = await client.head(key)
    const headers = result.res.headers as Record<string, string | undefined>
    return { size: Number(headers['content-length']), crc64: headers['x-oss-hash-crc64ecma'] }
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined
    throw toPluginError(error, { operation: 'HEAD', key, secrets })
  }
}
