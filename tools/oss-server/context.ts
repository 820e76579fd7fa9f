// What a handler gets (the resolved request) and what it returns (a reply the server writes).
import type { ReceivedBody } from './body'
import type { Query } from './query'
import type { BucketState } from './store'
import type { LoggedRequest } from './types'

export interface RequestContext {
  method: string
  bucket: BucketState
  /** Decoded object key; '' for bucket-level requests. */
  key: string
  query: Query
  /** Lower-case names. */
  headers: Record<string, string>
  /** Host as OSS would name the bucket: `<bucket>.<region>.aliyuncs.com`. */
  bucketHost: string
  now: Date
  receiveBody(): Promise<ReceivedBody>
  /** Requests that arrived before this one and are still unanswered (AbortMultipartUpload races its parts). */
  othersInFlight(): LoggedRequest[]
}

export interface Reply {
  status: number
  headers?: Record<string, string>
  /** Sent as is; omitted for HEAD. */
  body?: string | Buffer | readonly Buffer[]
}

export type Handler = (ctx: RequestContext) => Promise<Reply>

export function xmlReply(xml: string, headers: Record<string, string> = {}): Reply {
  return { status: 200, headers: { 'Content-Type': 'application/xml', ...headers }, body: xml }
}
