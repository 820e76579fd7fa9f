// One page of a bucket listing, shared by ListObjects (V1) and ListObjectsV2: keys after a point, under a prefix,
// folded into common prefixes at a delimiter, at most maxKeys entries (keys and common prefixes together).
import type { BucketState, ObjectRecord } from './store'
import { element, type XmlElement } from './xml'

export const LOCAL_OWNER_ID = '1000000000000000'
/** OSS answers at most this many keys per listing page, V1 or V2. */
export const MAX_LIST_KEYS = 1000

export interface ListingPage {
  objects: Array<{ key: string; record: ObjectRecord }>
  commonPrefixes: string[]
  /** The last key or common prefix's key on this page: where the next page starts. */
  lastKey: string
  truncated: boolean
}

export function listPage(bucket: BucketState, options: { prefix: string; after: string; delimiter: string; maxKeys: number }): ListingPage {
  const { prefix, after, delimiter, maxKeys } = options
  const objects: ListingPage['objects'] = []
  const prefixes = new Set<string>()
  let lastKey = ''
  for (const key of bucket.sortedKeys()) {
    if (!key.startsWith(prefix) || key <= after) continue
    const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1
    const commonPrefix = cut >= 0 ? key.slice(0, cut + delimiter.length) : undefined
    if (commonPrefix !== undefined && prefixes.has(commonPrefix)) continue
    if (objects.length + prefixes.size >= maxKeys) return { objects, commonPrefixes: [...prefixes], lastKey, truncated: true }
    lastKey = key
    if (commonPrefix !== undefined) prefixes.add(commonPrefix)
    else objects.push({ key, record: bucket.objects.get(key) as ObjectRecord })
  }
  return { objects, commonPrefixes: [...prefixes], lastKey, truncated: false }
}

/** A <Contents> entry; ali-oss reads Owner.ID of every V1 entry, so V1 always sends it, V2 with fetch-owner. */
export function contentsElement(key: string, record: ObjectRecord, withOwner: boolean): XmlElement {
  return element('Contents', [
    element('Key', key),
    element('LastModified', record.lastModified.toISOString()),
    element('ETag', record.etag),
    element('Type', record.multipart ? 'Multipart' : 'Normal'),
    element('Size', record.size),
    element('StorageClass', record.headers['x-oss-storage-class'] ?? 'Standard'),
    ...(withOwner ? [element('Owner', [element('ID', LOCAL_OWNER_ID), element('DisplayName', LOCAL_OWNER_ID)])] : [])
  ])
}
