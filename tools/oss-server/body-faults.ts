// Faults in the body of an object GET (issue 17, backups): one byte flipped, or the connection cut part-way.
// Kept apart from the request faults in faults.ts: they are drawn only for object GETs answered 200,
// after the handler, so a listing or a HEAD never consumes them.
import type { ServerResponse } from 'node:http'
import type { Reply } from './context'
import type { FaultSpec, LoggedRequest } from './types'

export const BODY_FAULT_KINDS = ['corrupt-body', 'cut-body'] as const
export type BodyFaultKind = (typeof BODY_FAULT_KINDS)[number]

export const isBodyFault = (spec: FaultSpec): boolean => (BODY_FAULT_KINDS as readonly string[]).includes(spec.kind)

export function describeBodyFault(spec: FaultSpec): string {
  return spec.kind === 'corrupt-body' ? `corrupt byte ${spec.atByte ?? 'middle'}` : `cut after ${spec.atByte ?? 'half'} bytes`
}

/** Where the fault strikes: atByte, or the middle of the body; never past its last byte. */
export function faultOffset(spec: FaultSpec, length: number): number {
  return Math.max(0, Math.min(length - 1, spec.atByte ?? Math.floor(length / 2)))
}

/** The body with one byte inverted, copied so the stored object stays intact. */
export function corruptedBody(reply: Reply, at: number): Buffer[] {
  const body = Buffer.concat(bodyChunks(reply))
  if (body.length > 0) body[at] = (body[at] as number) ^ 0xff
  return [body]
}

/** The first `length` bytes of the body, without copying. */
function bodyPrefix(chunks: readonly Buffer[], length: number): Buffer[] {
  const out: Buffer[] = []
  let left = length
  for (const chunk of chunks) {
    if (left <= 0) break
    out.push(chunk.subarray(0, left))
    left -= chunk.length
  }
  return out
}

export function validateBodyFault(spec: FaultSpec, fail: (what: string, value: unknown) => never): void {
  if (spec.atByte !== undefined && !(Number.isInteger(spec.atByte) && spec.atByte >= 0)) fail('fault atByte as a non-negative integer', spec.atByte)
}

/** Headers and the first `at` bytes of the body, then the connection is destroyed: a download that breaks off. */
export function sendCut(res: ServerResponse, reply: Reply, entry: LoggedRequest, at: number, finish: () => void): void {
  entry.fault = `cut after ${at} bytes`
  res.statusCode = reply.status
  res.setHeader('x-oss-request-id', entry.requestId)
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value)
  res.setHeader('Content-Length', String(bodyLength(reply)))
  entry.status = reply.status
  entry.bytesOut = at
  res.flushHeaders()
  const part = Buffer.concat(bodyPrefix(bodyChunks(reply), at))
  res.write(part, () => {
    res.destroy()
    finish()
  })
}

export function bodyChunks(reply: Reply): readonly Buffer[] {
  return typeof reply.body === 'string' ? [Buffer.from(reply.body)] : Buffer.isBuffer(reply.body) ? [reply.body] : (reply.body ?? [])
}

export function bodyLength(reply: Reply): number {
  return bodyChunks(reply).reduce((sum, chunk) => sum + chunk.length, 0)
}
