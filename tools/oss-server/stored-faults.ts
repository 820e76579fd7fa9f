// A storage fault: the server accepts the request (Content-MD5 and all), then keeps the object with one byte flipped,
// and answers honestly with the CRC-64 of what it kept. Only a client that checks the CRC-64 can tell.
import type { Reply } from './context'
import { crc64 } from './crc64'
import type { BucketState } from './store'

export function corruptStoredObject(bucket: BucketState, key: string, reply: Reply, atByte?: number): Reply {
  const record = bucket.objects.get(key)
  if (record === undefined || reply.status !== 200 || record.size === 0) return reply
  const data = Buffer.concat(record.chunks)
  const at = Math.min(data.length - 1, atByte ?? Math.floor(data.length / 2))
  data[at] = (data[at] as number) ^ 0xff
  const kept = { ...record, chunks: [data], crc64: crc64(data).toString() }
  bucket.objects.set(key, kept)
  return { ...reply, headers: { ...reply.headers, 'x-oss-hash-crc64ecma': kept.crc64 } }
}
