// OSS signature V1 (HMAC-SHA1), from Alibaba's "Include a V1 signature in the Authorization header":
//   Signature = base64(hmac-sha1(secret, VERB + "\n" + Content-MD5 + "\n" + Content-Type + "\n"
//                                + Date + "\n" + CanonicalizedOSSHeaders + CanonicalizedResource))
// For a presigned URL the Date line holds the Expires timestamp instead.
import { createHmac } from 'node:crypto'
import type { QueryParam } from './query'

/** Query parameters that are part of the signed resource; all others (prefix, max-keys, ...) are not. */
const SIGNED_SUBRESOURCES = new Set([
  'acl',
  'append',
  'asyncFetch',
  'bucketInfo',
  'callback',
  'callback-var',
  'cname',
  'comp',
  'continuation-token',
  'cors',
  'delete',
  'encryption',
  'endTime',
  'img',
  'inventory',
  'inventoryId',
  'lifecycle',
  'live',
  'location',
  'logging',
  'metaQuery',
  'objectMeta',
  'partNumber',
  'policy',
  'position',
  'qos',
  'qosInfo',
  'referer',
  'regionList',
  'replication',
  'replicationLocation',
  'replicationProgress',
  'requestPayment',
  'resourceGroup',
  'response-cache-control',
  'response-content-disposition',
  'response-content-encoding',
  'response-content-language',
  'response-content-type',
  'response-expires',
  'restore',
  'security-token',
  'sequential',
  'startTime',
  'stat',
  'status',
  'style',
  'styleName',
  'symlink',
  'tagging',
  'transferAcceleration',
  'udf',
  'udfApplication',
  'udfApplicationLog',
  'udfId',
  'udfImage',
  'udfImageDesc',
  'udfName',
  'uploadId',
  'uploads',
  'versionId',
  'versioning',
  'versions',
  'vod',
  'website',
  'worm',
  'wormExtend',
  'wormId',
  'x-oss-ac-forward-allow',
  'x-oss-ac-source-ip',
  'x-oss-ac-subnet-mask',
  'x-oss-ac-vpc-id',
  'x-oss-process',
  'x-oss-request-payer',
  'x-oss-traffic-limit'
])

export interface V1SigningInput {
  method: string
  /** Request headers; names in any case. */
  headers: Record<string, string>
  /** The Date line: the Date (or x-oss-date) header, or Expires for a presigned URL. */
  date: string
  bucket?: string
  key?: string
  query: readonly QueryParam[]
}

/** `x-oss-*` headers, lower-cased, sorted, `name:value\n` each. */
export function canonicalizedOssHeaders(headers: Record<string, string>): string {
  return Object.entries(headers)
    .map(([name, value]) => [name.toLowerCase(), value.trim()] as const)
    .filter(([name]) => name.startsWith('x-oss-'))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}:${value}\n`)
    .join('')
}

/** `/bucket/key` with the key as-is (not encoded), then the signed sub-resources sorted by name. */
export function canonicalizedResource(bucket: string | undefined, key: string | undefined, query: readonly QueryParam[]): string {
  const path = bucket ? `/${bucket}/${key ?? ''}` : '/'
  const subresources = query
    .filter((param) => SIGNED_SUBRESOURCES.has(param.name))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((param) => (param.value === '' ? param.name : `${param.name}=${param.value}`))
  return subresources.length ? `${path}?${subresources.join('&')}` : path
}

export function v1StringToSign(input: V1SigningInput): string {
  const header = (name: string): string => Object.entries(input.headers).find(([candidate]) => candidate.toLowerCase() === name)?.[1] ?? ''
  return [
    input.method.toUpperCase(),
    header('content-md5'),
    header('content-type'),
    input.date,
    canonicalizedOssHeaders(input.headers) + canonicalizedResource(input.bucket, input.key, input.query)
  ].join('\n')
}

export function v1Signature(secret: string, stringToSign: string): string {
  return createHmac('sha1', secret).update(stringToSign, 'utf8').digest('base64')
}
