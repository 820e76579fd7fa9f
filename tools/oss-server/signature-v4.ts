// OSS signature V4 (OSS4-HMAC-SHA256), from Alibaba's "Include a V4 signature in the Authorization header":
//   CanonicalRequest = VERB \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n
//                      AdditionalHeaders \n HashedPayload
//   StringToSign     = "OSS4-HMAC-SHA256" \n TimeStamp \n Scope \n hex(sha256(CanonicalRequest))
//   SigningKey       = HMAC chain over "aliyun_v4" + secret: date, region, "oss", "aliyun_v4_request"
//   Signature        = hex(hmac-sha256(SigningKey, StringToSign))
import { createHash, createHmac } from 'node:crypto'
import type { QueryParam } from './query'

export const V4_ALGORITHM = 'OSS4-HMAC-SHA256'
export const V4_TERMINATOR = 'aliyun_v4_request'

export interface V4SigningInput {
  method: string
  bucket?: string
  key?: string
  query: readonly QueryParam[]
  /** Request headers; names in any case. Only content-type, content-md5, x-oss-* and additional ones are signed. */
  headers: Record<string, string>
  /** Lower-case names of the optional headers the client chose to sign (AdditionalHeaders). */
  additionalHeaders: readonly string[]
  secret: string
  /** Region id without the `oss-` prefix, e.g. cn-hangzhou. */
  region: string
  /** ISO 8601 basic timestamp, e.g. 20231216T162057Z (the x-oss-date). */
  timestamp: string
  product?: string
}

export interface V4SigningResult {
  canonicalRequest: string
  stringToSign: string
  signature: string
}

/** RFC 3986 percent-encoding: everything but A-Z a-z 0-9 - _ . ~ */
export function uriEncode(text: string, keepSlash = false): string {
  const encoded = encodeURIComponent(text).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)
  return keepSlash ? encoded.replace(/%2F/g, '/') : encoded
}

export function canonicalUri(bucket: string | undefined, key: string | undefined): string {
  if (!bucket) return '/'
  return `/${bucket}/${uriEncode(key ?? '', true)}`
}

export function canonicalQueryString(query: readonly QueryParam[]): string {
  return query
    .map((param) => [uriEncode(param.name), uriEncode(param.value)] as const)
    .sort(([a, aValue], [b, bValue]) => (a < b ? -1 : a > b ? 1 : aValue < bValue ? -1 : aValue > bValue ? 1 : 0))
    .map(([name, value]) => (value === '' ? name : `${name}=${value}`))
    .join('&')
}

export function isSignedByDefault(name: string): boolean {
  return name === 'content-type' || name === 'content-md5' || name.startsWith('x-oss-')
}

export function canonicalHeaders(headers: Record<string, string>, additionalHeaders: readonly string[]): string {
  const additional = new Set(additionalHeaders.map((name) => name.toLowerCase()))
  return Object.entries(headers)
    .map(([name, value]) => [name.toLowerCase(), value.trim()] as const)
    .filter(([name]) => isSignedByDefault(name) || additional.has(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}:${value}\n`)
    .join('')
}

export function v4Scope(timestamp: string, region: string, product = 'oss'): string {
  return `${timestamp.slice(0, 8)}/${region}/${product}/${V4_TERMINATOR}`
}

export function v4Signature(input: V4SigningInput): V4SigningResult {
  const product = input.product ?? 'oss'
  const payloadHash = Object.entries(input.headers).find(([name]) => name.toLowerCase() === 'x-oss-content-sha256')?.[1] ?? 'UNSIGNED-PAYLOAD'
  const additional = [...input.additionalHeaders].map((name) => name.toLowerCase()).sort()
  const canonicalRequest = [
    input.method.toUpperCase(),
    canonicalUri(input.bucket, input.key),
    canonicalQueryString(input.query),
    canonicalHeaders(input.headers, additional),
    additional.join(';'),
    payloadHash
  ].join('\n')
  const stringToSign = [
    V4_ALGORITHM,
    input.timestamp,
    v4Scope(input.timestamp, input.region, product),
    createHash('sha256').update(canonicalRequest, 'utf8').digest('hex')
  ].join('\n')
  const signingKey = [input.timestamp.slice(0, 8), input.region, product, V4_TERMINATOR].reduce<Buffer | string>(
    (key, part) => createHmac('sha256', key).update(part, 'utf8').digest(),
    `aliyun_v4${input.secret}`
  )
  const signature = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex')
  return { canonicalRequest, stringToSign, signature }
}
