// Which request headers become object metadata, their validation, and the headers an object is served with.
import { createHash } from 'node:crypto'
import { invalidArgument } from './errors'
import { crc64 } from './crc64'
import type { ObjectRecord } from './store'

const STORED_HEADERS = new Set([
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-language',
  'expires',
  'x-oss-object-acl',
  'x-oss-storage-class',
  'x-oss-server-side-encryption',
  'x-oss-tagging'
])
const OBJECT_ACLS = new Set(['private', 'public-read', 'public-read-write', 'default'])
const STORAGE_CLASSES = new Set(['Standard', 'IA', 'Archive', 'ColdArchive', 'DeepColdArchive'])

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream'

/** Throws 400 InvalidArgument for an ACL or storage class OSS doesn't know. */
export function validateMetadataHeaders(headers: Record<string, string>): void {
  const acl = headers['x-oss-object-acl']
  if (acl !== undefined && !OBJECT_ACLS.has(acl)) {
    throw invalidArgument('no such object access control exists', 'x-oss-object-acl', acl)
  }
  const storageClass = headers['x-oss-storage-class']
  if (storageClass !== undefined && !STORAGE_CLASSES.has(storageClass)) {
    throw invalidArgument('Invalid storage class.', 'x-oss-storage-class', storageClass)
  }
}

export function pickStoredHeaders(headers: Record<string, string>): Record<string, string> {
  const stored: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (STORED_HEADERS.has(name) || name.startsWith('x-oss-meta-')) stored[name] = value
  }
  return stored
}

/** Headers of GET/HEAD for a stored object. */
export function objectResponseHeaders(record: ObjectRecord): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': record.contentType,
    'Content-Length': String(record.size),
    ETag: record.etag,
    'Last-Modified': record.lastModified.toUTCString(),
    'x-oss-hash-crc64ecma': record.crc64,
    'x-oss-object-type': record.multipart ? 'Multipart' : 'Normal',
    'x-oss-storage-class': record.headers['x-oss-storage-class'] ?? 'Standard',
    'Accept-Ranges': 'bytes'
  }
  if (record.contentMd5) headers['Content-MD5'] = record.contentMd5
  for (const [name, value] of Object.entries(record.headers)) {
    if (name !== 'x-oss-object-acl' && name !== 'x-oss-storage-class' && name !== 'x-oss-tagging') headers[name] = value
  }
  return headers
}

/** `"<MD5 upper-case hex>"`, the ETag of a simple upload or a part. */
export function quotedEtag(md5: Buffer): string {
  return `"${md5.toString('hex').toUpperCase()}"`
}

/** `"<MD5 of the concatenated binary part MD5s>-<N>"`, the ETag of a completed multipart upload. */
export function multipartEtag(partMd5s: readonly Buffer[]): string {
  const hash = createHash('md5')
  for (const md5 of partMd5s) hash.update(md5)
  return `"${hash.digest('hex').toUpperCase()}-${partMd5s.length}"`
}

/** The record of a simple (non-multipart) upload of data with these request headers. */
export function simpleObjectRecord(
  data: Buffer,
  headers: Record<string, string>,
  now: Date,
  hashes: { md5: Buffer; crc64: bigint } = { md5: createHash('md5').update(data).digest(), crc64: crc64(data) }
): ObjectRecord {
  return {
    chunks: [data],
    size: data.length,
    contentType: headers['content-type'] || DEFAULT_CONTENT_TYPE,
    etag: quotedEtag(hashes.md5),
    crc64: hashes.crc64.toString(),
    contentMd5: hashes.md5.toString('base64'),
    headers: pickStoredHeaders(headers),
    lastModified: now,
    multipart: false
  }
}
