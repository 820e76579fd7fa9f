// The public shapes of the local OSS server; index.ts re-exports them.
import type { OssProfile } from './profiles'

export interface Credential {
  accessKeyId: string
  accessKeySecret: string
  /** Makes this an STS credential: requests must carry exactly this x-oss-security-token. */
  securityToken?: string
  expiration?: Date
}

export interface BucketSpec {
  name: string
  /** e.g. 'oss-cn-hangzhou' */
  region: string
  /** default 'public-read' */
  acl?: 'private' | 'public-read'
}

export interface OssServerOptions {
  /** default [{ accessKeyId: 'test-ak', accessKeySecret: 'test-secret' }] */
  credentials?: Credential[]
  /** default [{ name: 'test-bucket', region: 'oss-cn-hangzhou' }] */
  buckets?: BucketSpec[]
  /** Bucket served when the Host is neither <bucket>.<region>.aliyuncs.com nor an IP (path-style); default: the first bucket. */
  cnameBucket?: string
  /** Server clock = real clock + this, to provoke RequestTimeTooSkewed. */
  clockSkewMs?: number
  /**
   * Like Alibaba's OSS emulator and some private deployments: the bucket is the path's first segment whatever the
   * Host says; a request that names its bucket only in the Host gets 400. Clients need ali-oss's sldEnable.
   */
  pathStyleOnly?: boolean
  /**
   * What today's OSS refuses (profiles.ts): a named profile such as 'new-mainland-account', or its parts.
   * Default 'before-2025': nothing refused.
   */
  profile?: string | OssProfile
  /** default 0 (a free port); always binds 127.0.0.1 */
  port?: number
  /** Seed for fault-injection randomness; default 1, so runs are deterministic. */
  seed?: number
}

export interface StoredObject {
  body: Buffer
  contentType: string
  /** With quotes, upper-case hex, like OSS. */
  etag: string
  /** Decimal string, as OSS sends it in x-oss-hash-crc64ecma. */
  crc64: string
  /** cache-control, content-disposition, x-oss-meta-*, x-oss-object-acl, x-oss-storage-class ... as received */
  headers: Record<string, string>
  lastModified: Date
  multipart: boolean
}

export interface LoggedRequest {
  method: string
  bucket?: string
  key?: string
  /** Raw query string. */
  query: string
  /** 0 while in flight, and for requests answered by a socket reset. */
  status: number
  /** OSS error code, if any. */
  code?: string
  requestId: string
  /** Request body bytes. */
  bytesIn: number
  /** Response body bytes. */
  bytesOut: number
  /** Lower-case request headers. */
  headers: Record<string, string>
  /** The fault injected into this request, e.g. 'status 503 ServiceUnavailable', 'reset', 'delay 200ms'. */
  fault?: string
}

export interface FaultSpec {
  /**
   * 'status' answers an OSS error; 'reset' closes the connection unanswered; 'delay' waits, then answers;
   * 'corrupt-request' flips one byte of the request body as it arrives (as a bad network would: a Content-MD5
   * then fails, a part sent without one is stored corrupt); 'drop-response' handles the request (the object is
   * stored), then closes the connection without answering; 'corrupt-stored' accepts a PUT or Complete, then keeps
   * the object with one byte flipped and answers its true CRC-64. 'corrupt-body' and 'cut-body' strike the answers
   * of object GETs only (see body-faults.ts). 'hold' handles the request, then keeps the answer until the client
   * gives up (closes the connection) or the test calls releaseHeld(): a part whose answer never comes, without a timer.
   * 'repeat-token' answers a ListObjectsV2 page asked with a continuation
   * token with that same token as the next one: a listing that does not advance (see list-faults.ts).
   */
  kind: 'status' | 'reset' | 'delay' | 'corrupt-request' | 'drop-response' | 'corrupt-stored' | 'corrupt-body' | 'cut-body' | 'hold' | 'repeat-token'
  /** kind 'status': default 503 ServiceUnavailable; the body is OSS error XML. */
  status?: number
  code?: string
  /** kind 'delay': wait this long, then handle the request normally. */
  delayMs?: number
  /** Apply to the next N matching requests ... */
  count?: number
  /** ... or to this fraction (0..1) of them (seeded). With neither, to every matching request. */
  rate?: number
  /** Only these HTTP methods (default: all). */
  methods?: string[]
  /** Only requests for this object key (default: any). */
  key?: string
  /** Only requests whose query has these parameters with these values ('' matches any value), e.g. { partNumber: '1' }. */
  query?: Record<string, string>
  /** 'corrupt-request' and body faults: the byte to flip, or where to cut the connection (default: the middle). */
  atByte?: number
}

export interface OssServer {
  /** 'http://127.0.0.1:PORT' */
  url: string
  port: number
  /** Every request in arrival order (admin requests excluded). */
  requests: LoggedRequest[]
  clearLog(): void
  getObject(bucket: string, key: string): StoredObject | undefined
  listKeys(bucket: string): string[]
  /** Seeds an object directly, as if PUT with these headers. */
  putObject(bucket: string, key: string, body: Buffer, headers?: Record<string, string>): StoredObject
  injectFaults(...faults: FaultSpec[]): void
  clearFaults(): void
  /** Multipart uploads initiated and neither completed nor aborted, over all buckets. */
  /** Lets every request held by a 'hold' fault go on to be answered; returns how many there were. */
  releaseHeld(): number
  pendingMultipartUploads(): number
  close(): Promise<void>
}
