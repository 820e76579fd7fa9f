import { STATUS_CODES } from 'http'
import { PluginError, type PluginErrorDetails, printable } from '../errors/index'
import { redact } from '../errors/redact'
import { isProxyFailure, PROXY_REFUSED } from '../proxy/failure'

/** What an ali-oss (or network) error carries that we may show. */
interface SdkError {
  name?: string
  code?: string
  status?: number
  requestId?: string
  message?: string
  ecCode?: string
}

const RETRYABLE_CODES = new Set([
  'RequestTimeout',
  'InternalError',
  'ServiceUnavailable',
  'SlowDown',
  'ResponseTimeoutError',
  'ConnectionTimeoutError',
  'RequestError',
  'ResponseError',
  'SocketError',
  'ConnectionResetError',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'CrcMismatch',
  // Content-MD5 did not match what arrived: corrupted on the way, so sending it again is the cure.
  'BadDigest',
  'InvalidDigest'
])

const NETWORK_CODE = /\b(ECONNREFUSED|ECONNRESET|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|EPIPE|EHOSTUNREACH|ENETUNREACH|EPROTO)\b/

/** OpenSSL's answer when a TLS client meets a server that speaks plain HTTP on that port. */
export const PLAIN_HTTP_ANSWER = /wrong version number|WRONG_VERSION_NUMBER|packet length too long/i

// A typo in a host name, a bad certificate or a proxy's refusal does not get better by trying again.
const PERMANENT_NETWORK_CODES = new Set(['ENOTFOUND', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'ERR_TLS_CERT_ALTNAME_INVALID', PROXY_REFUSED])

const HINTS: Record<string, string> = {
  SignatureDoesNotMatch: 'check "accessKeySecret" (and that "region" is the bucket\'s region)',
  InvalidAccessKeyId: 'OSS does not know this "accessKeyId", or it is disabled: check it in the RAM console',
  AccessDenied: 'the AccessKey may lack oss:PutObject/oss:GetObject on this bucket, or "region"/"endpoint" is not the bucket\'s',
  NoSuchBucket: 'check "bucket" and "region"',
  RequestTimeTooSkewed: "this computer's clock is more than 15 minutes off: fix the system clock (enable time sync)",
  SecurityTokenExpired: 'the STS token has expired: get new temporary credentials and update "stsToken"',
  InvalidSecurityToken: 'check "stsToken": it must belong to this temporary AccessKey',
  InvalidObjectName: 'the object key is not valid: check "path" and "fileName"',
  InvalidBucketName: 'check "bucket"',
  InvalidDigest: 'the upload was corrupted on the way (Content-MD5): it will be retried',
  BadDigest: 'the upload was corrupted on the way (Content-MD5): it will be retried',
  EntityTooLarge: 'the file is larger than OSS accepts in one request',
  ENOTFOUND: 'the host name does not resolve: check "region", "endpoint" and the network',
  ECONNREFUSED: 'nothing answers at the endpoint: check "endpoint" and the network',
  ResponseTimeoutError: 'OSS did not answer in time: raise "timeout" or check the network',
  ConnectionTimeoutError: 'could not connect in time: raise "timeout" or check the network',
  ProxyAuthenticationRequired: 'the proxy in "picBed.proxy" wants a user and password, given in its URL as http://user:password@host:port'
}

/**
 * What Aliyun OSS refuses since 2025 (DESIGN section 6), by its code or its EC: each hint names the settings to change.
 * Looked up before HINTS, as one code (AccessDenied) has several causes that only the EC or the message tells apart.
 */
const TODAY_HINTS: ReadonlyArray<{ matches: (code: string, ec: string, message: string) => boolean; hint: string }> = [
  {
    matches: (code, ec) => code === 'PublicEndpointForbidden' || ec === '0048-00000401',
    hint:
      'buckets in mainland China of accounts opened since 2025-03-20 refuse the default endpoint <bucket>.oss-cn-*.aliyuncs.com: ' +
      'bind a custom domain to the bucket in the OSS console (Bucket > Domain Names; it needs an ICP filing), then set "endpoint" ' +
      'to it (e.g. https://img.example.com) with "cname": true, and "customUrl" to the same domain'
  },
  {
    matches: (_code, ec) => ec === '0002-00000080',
    hint: 'OSS no longer accepts V1 signatures for this account or bucket: set "signatureVersion" to v4'
  },
  {
    matches: (code) => code === 'SecondLevelDomainForbidden',
    hint: 'Aliyun OSS refuses path-style requests (/<bucket>/<key>): turn "pathStyle" off, it is only for OSS-compatible servers'
  },
  {
    matches: (code, ec) => code === 'ExternalRedirectForbidden' || ec === '0048-00000300',
    hint: 'OSS blocks redirects on the bucket\'s default domain: serve images through a custom domain bound to the bucket as "customUrl"'
  },
  {
    matches: (code, _ec, message) => code === 'AccessDenied' && /public access/i.test(message),
    hint:
      'Block Public Access is on for this bucket (the default for new buckets since 2025-10-13): set "acl" to empty or private, ' +
      'or turn Block Public Access off in the OSS console (Bucket > Permission Control)'
  }
]

/** The OSS or network code of an error ali-oss threw, or of the PluginError made from it. */
export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? (error as SdkError).code : undefined
}

/** The HTTP status of an error ali-oss threw (-1 and -2 for network failures). */
export function errorStatus(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null ? (error as SdkError).status : undefined
}

/** Where a request went: its operation ("PUT", "HEAD", "PART 3", …), the object key and the user's file. */
export interface RequestPlace {
  operation: string
  key: string
  file?: string
}

export interface OperationContext extends RequestPlace {
  secrets: readonly string[]
}

/** `[PUT] img/ab12.png (photo.jpg)`: the one place a request's key and file are escaped for a message. */
export function requestPlace({ operation, key, file }: RequestPlace): string {
  return `[${operation}] ${printable(key)}${file ? ` (${printable(file)})` : ''}`
}

/**
 * A request that failed by the plugin's own checks (a CRC-64 that is not ours, a listing that does not advance).
 * The sentence is escaped with the place: what it quotes (a header OSS sent, a path) needs no escaping of its own.
 */
export function requestError(place: RequestPlace, sentence: string, details: PluginErrorDetails = {}): PluginError {
  return new PluginError(`${requestPlace(place)}: ${printable(sentence)}`, { file: place.file, ...details })
}

/** `[PUT] img/ab12.png (photo.jpg): 403 SignatureDoesNotMatch (request id 5F3A…): check "accessKeySecret"…` */
export function toPluginError(error: unknown, context: OperationContext): PluginError {
  if (error instanceof PluginError) return error
  const sdk: SdkError = typeof error === 'object' && error !== null ? error : { message: String(error) }
  // ali-oss reports network failures as RequestError with the system code only in the message.
  const firstLine = redact(String(sdk.message ?? '').split('\n')[0] ?? '', context.secrets).replace(/, (GET|PUT|HEAD|POST|DELETE) http.*$/, '')
  const status = typeof sdk.status === 'number' && sdk.status > 0 ? sdk.status : undefined
  const proxyCode = isProxyFailure(error) ? sdk.name : undefined
  const code = proxyCode ?? NETWORK_CODE.exec(firstLine)?.[0] ?? sdk.code ?? withoutOssBody(sdk, status, firstLine) ?? sdk.name ?? 'UnknownError'
  const ec = sdk.ecCode ?? ''
  const hint = TODAY_HINTS.find((entry) => entry.matches(code, ec, firstLine))?.hint ?? hintFor(code, firstLine)
  const where = requestPlace(context)
  const what = [status, code].filter((part) => part !== undefined).join(' ')
  const id = sdk.requestId ? ` (request id ${sdk.requestId}${ec ? `, EC ${ec}` : ''})` : ec ? ` (EC ${ec})` : ''
  const plainHttp = code === 'EPROTO' && PLAIN_HTTP_ANSWER.test(firstLine)
  const networkError = (sdk.status === -1 || sdk.status === -2) && !PERMANENT_NETWORK_CODES.has(code) && !plainHttp
  // 501 NotImplemented: the server does not support the request at all; asking again changes nothing.
  const retryable = (status !== undefined && status >= 500 && status !== 501) || RETRYABLE_CODES.has(code) || networkError
  const cause = Object.assign(new Error(firstLine), { name: sdk.name ?? 'Error', code, status: sdk.status })
  // The code, the request id and the message are the server's words (or a proxy's): escaped like a key.
  return new PluginError(`${where}: ${printable(`${what}${id}${hint ? `: ${hint}` : ''}`)}`, {
    file: context.file,
    code,
    status,
    requestId: sdk.requestId,
    retryable,
    cause
  })
}

/**
 * An answer with no OSS error XML (a proxy, gateway or load balancer answered) becomes "UnknownError: unknow
 * request error" in ali-oss: name it by its status instead, "BadGateway".
 */
/** What ali-oss's XML parser says of a body that is no XML (a proxy's or a gateway's HTML page answering a PUT). */
const NOT_XML = /before first tag|outside of root node|Unclosed root tag|Unexpected end/i

function withoutOssBody(sdk: SdkError, status: number | undefined, firstLine: string): string | undefined {
  if (status === undefined || sdk.code !== undefined) return undefined
  if (sdk.name !== 'UnknownError' && !NOT_XML.test(firstLine)) return undefined
  const phrase = STATUS_CODES[status]
  return phrase ? phrase.replace(/[^A-Za-z]+/g, '') : undefined
}

function hintFor(code: string, firstLine: string): string {
  if (code === 'EPROTO' && PLAIN_HTTP_ANSWER.test(firstLine)) {
    return 'the endpoint speaks plain HTTP, not HTTPS: write "http://" instead of "https://" in "endpoint" (or enable TLS on that server)'
  }
  if (code === 'ENOTFOUND') {
    // ali-oss puts the bucket in front of the endpoint's host: "getaddrinfo ENOTFOUND my-bucket.oss-cn-hangzhou.aliyuncs.com".
    const host = /ENOTFOUND\s+(\S+)/.exec(firstLine)?.[1]
    if (host) return `the host name "${host}" does not resolve: check "bucket", "region", "endpoint" and the network`
  }
  if (/^unknow (request )?error/i.test(firstLine) || NOT_XML.test(firstLine))
    return 'the answer had no OSS error body: a proxy ("picBed.proxy"), gateway or load balancer in front of OSS answered'
  return HINTS[code] ?? firstLine
}
