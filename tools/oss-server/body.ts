// Reads request bodies while hashing them, so an upload is traversed once and stored without a second copy.
import { createHash } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { Crc64 } from './crc64'

export interface ReceivedBody {
  data: Buffer
  md5: Buffer
  crc64: bigint
}

export function receiveBody(req: IncomingMessage, countBytes: (n: number) => void): Promise<ReceivedBody> {
  const declared = Number(req.headers['content-length'])
  const preallocated = Number.isSafeInteger(declared) && declared >= 0 ? Buffer.allocUnsafe(declared) : undefined
  const chunks: Buffer[] = []
  let received = 0
  const md5 = createHash('md5')
  const crc = new Crc64()
  return consume(req, (chunk) => {
    countBytes(chunk.length)
    md5.update(chunk)
    crc.update(chunk)
    // Node's parser never delivers more than Content-Length, so the preallocated buffer can't overflow.
    if (preallocated) chunk.copy(preallocated, received)
    else chunks.push(chunk)
    received += chunk.length
  }).then(() => ({
    data: preallocated ? preallocated.subarray(0, received) : Buffer.concat(chunks),
    md5: md5.digest(),
    crc64: crc.digest()
  }))
}

/** The body as if one byte (atByte, default the middle) had flipped on the way: hashed again, so Content-MD5 checks see it. */
export function corruptedInTransit(body: ReceivedBody, atByte?: number): ReceivedBody {
  const data = Buffer.from(body.data)
  if (data.length === 0) return body
  const at = Math.min(data.length - 1, atByte ?? Math.floor(data.length / 2))
  data[at] = (data[at] as number) ^ 0xff
  const crc = new Crc64()
  crc.update(data)
  return { data, md5: createHash('md5').update(data).digest(), crc64: crc.digest() }
}

/** Reads and drops the body (counting it), so an error answer leaves the connection reusable. */
export function discardBody(req: IncomingMessage, countBytes: (n: number) => void): Promise<void> {
  return consume(req, (chunk) => countBytes(chunk.length)).catch(() => undefined)
}

function consume(req: IncomingMessage, onChunk: (chunk: Buffer) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    if (req.readableEnded) return resolve()
    req.on('data', onChunk)
    req.once('end', resolve)
    req.once('error', reject)
    req.once('close', () => {
      if (!req.readableEnded) reject(new Error('request body aborted by the client'))
    })
  })
}
