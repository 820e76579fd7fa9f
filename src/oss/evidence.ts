// The identity rule's one test: does an object hold exactly these bytes? Only what the server itself computed
// counts (length, CRC-64, the ETag of a single PUT, which is the MD5); metadata we wrote is a hint, never proof.
import type { ContentDigest } from '../transformers/types'
import type { OssResponse } from './client'
import { crc64 } from './crc64'

/** What identifies the bytes we mean to store. */
export interface Content {
  size: number
  /** CRC-64/XZ as the unsigned decimal string OSS sends in x-oss-hash-crc64ecma. */
  crc64: string
  /** Upper-case hex, as OSS's ETag of a single PUT. */
  md5Hex: string
  sha256Hex: string
}

/** What the server says an object is (HEAD, or the answer to a PUT or CompleteMultipartUpload). */
export interface ObjectEvidence {
  size?: number
  crc64?: string
  /** Upper-case, quotes removed. */
  etag: string
}

export function contentOf(buffer: Buffer, digest: ContentDigest): Content {
  return { size: buffer.length, crc64: crc64(buffer), md5Hex: digest.md5Hex.toUpperCase(), sha256Hex: digest.sha256Hex }
}

export type ResponseHeaders = Record<string, string | string[] | undefined>

/** The headers of an ali-oss answer (`result.res`), read as one string per lower-case name. */
export function headersOf(res: OssResponse): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {}
  for (const [name, value] of Object.entries(res.headers)) {
    const first: unknown = Array.isArray(value) ? value[0] : value
    headers[name.toLowerCase()] = first === undefined || first === null ? undefined : String(first)
  }
  return headers
}

export function evidenceFromHeaders(headers: ResponseHeaders): ObjectEvidence {
  const header = (name: string): string | undefined => {
    const value = headers[name]
    return Array.isArray(value) ? value[0] : value
  }
  const length = header('content-length')
  return {
    size: length === undefined || length === '' ? undefined : Number(length),
    crc64: header('x-oss-hash-crc64ecma'),
    etag: (header('etag') ?? '').replace(/"/g, '').toUpperCase()
  }
}

/** A single PUT's ETag is the MD5 of the bytes; a multipart or appended object's is not (it has a "-N" or another form). */
const isMd5Etag = (etag: string): boolean => /^[0-9A-F]{32}$/.test(etag)

/**
 * True only when the server's own evidence proves the object is these bytes: the same length, and a CRC-64 or an
 * MD5 ETag that agrees, with nothing that disagrees. An object the server gives no such evidence for is not ours.
 */
export function holdsContent(object: ObjectEvidence, content: Content): boolean {
  if (object.size !== content.size) return false
  const crcKnown = object.crc64 !== undefined && object.crc64 !== ''
  if (crcKnown && object.crc64 !== content.crc64) return false
  const md5Known = isMd5Etag(object.etag)
  if (md5Known && object.etag !== content.md5Hex) return false
  return crcKnown || md5Known
}

/** One line on why an object is not these bytes, for messages. */
export function describeEvidence(object: ObjectEvidence): string {
  return `${object.size ?? '?'} bytes, CRC-64 ${object.crc64 || 'not sent'}, ETag ${object.etag || 'none'}`
}

/** What downloaded bytes are, computed as they arrived. */
export interface Received {
  size: number
  crc64: string
  md5Hex: string
}

/**
 * Why downloaded bytes are not the object OSS sent, by its own evidence: the CRC-64 always (when sent), the MD5
 * where the Content-MD5 or the ETag is one. Undefined when nothing disagrees.
 */
export function downloadMismatch(headers: Record<string, string | undefined>, etag: string, received: Received): string | undefined {
  const serverCrc = headers['x-oss-hash-crc64ecma']
  if (serverCrc !== undefined && serverCrc !== received.crc64) {
    return `CRC-64 of the downloaded bytes (${received.crc64}) differs from OSS's (${serverCrc})`
  }
  const contentMd5 = headers['content-md5']
  if (contentMd5 !== undefined && Buffer.from(contentMd5, 'base64').toString('hex').toUpperCase() !== received.md5Hex) {
    return 'MD5 of the downloaded bytes differs from the Content-MD5 OSS sent'
  }
  const etagIsMd5 = isMd5Etag(etag) && (headers['x-oss-object-type'] ?? 'Normal') === 'Normal'
  if (etagIsMd5 && serverCrc === undefined && contentMd5 === undefined && etag !== received.md5Hex) {
    return 'MD5 of the downloaded bytes differs from the ETag'
  }
  return undefined
}
