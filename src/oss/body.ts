// The bytes of one upload, read by range: an image held in memory, or a restored file read part by part, so a file
// of any size goes up without ever being held whole.
import { createHash } from 'crypto'
import { PluginError, printable } from '../errors'
import { crc64Digest, crc64Start, crc64Update } from './crc64'
import type { Content } from './evidence'

export interface Body {
  readonly size: number
  /** The bytes from start up to (not including) end; fewer when the source shrank meanwhile. */
  read(start: number, end: number): Promise<Buffer>
}

export const bufferBody = (buffer: Buffer): Body => ({ size: buffer.length, read: async (start, end) => buffer.subarray(start, end) })

/** The bytes from start to end, or an error naming the file when fewer are there (it shrank since it was measured). */
export async function readRange(body: Body, start: number, end: number, fileName: string): Promise<Buffer> {
  const bytes = await body.read(start, end)
  if (bytes.length !== end - start) {
    throw new PluginError(`${printable(fileName)} changed while it was uploaded (bytes ${start} to ${end} are no longer there): not stored`, { file: fileName })
  }
  return bytes
}

/** How much of a body contentOfBody reads at once. */
const DIGEST_CHUNK_BYTES = 4 * 1024 * 1024

/**
 * What identifies a body's bytes, read once from start to end in chunks, the CRC-64, MD5 and SHA-256 computed as
 * they arrive. `size` is what was read: less than body.size when the source shrank meanwhile.
 */
export async function contentOfBody(body: Body): Promise<Content> {
  const crc = crc64Start()
  const md5 = createHash('md5')
  const sha256 = createHash('sha256')
  let size = 0
  while (size < body.size) {
    const chunk = await body.read(size, Math.min(body.size, size + DIGEST_CHUNK_BYTES))
    if (chunk.length === 0) break
    crc64Update(crc, chunk)
    md5.update(chunk)
    sha256.update(chunk)
    size += chunk.length
  }
  return { size, crc64: crc64Digest(crc), md5Hex: md5.digest('hex').toUpperCase(), sha256Hex: sha256.digest('hex') }
}
