import type OSS from 'ali-oss'
import type { OssClient } from './client'
import { type RetryPolicy, withOssRetries } from './retry'
import type { PluginError } from '../errors'
import { requestError } from './oss-error'

/** One object as ListObjectsV2 describes it. A listing carries no CRC-64: size and ETag say whether it changed. */
export interface ListedObject {
  key: string
  size: number
  /** Upper-case, without quotes, as the uploader compares ETags. */
  etag: string
  /** 'Normal', 'Multipart', 'Appendable': only a Normal object's ETag is the MD5 of its bytes. */
  type: string
  lastModified: string
}

/** ListObjectsV2 returns at most this many keys a request. */
const PAGE_SIZE = 1000

export interface ListOptions {
  retry: RetryPolicy
  secrets: readonly string[]
}

/**
 * Every object under the prefix, one ListObjectsV2 page (≤ 1,000 keys) at a time, in key order. Keys are asked for
 * url-encoded, so any key (control characters included) survives the XML; ali-oss does not decode them, so we do.
 */
export async function* listPages(client: OssClient, prefix: string, options: ListOptions): AsyncGenerator<ListedObject[]> {
  let token: string | undefined
  const tokens = new Set<string>()
  const where = { operation: 'LIST', key: listedPlace(prefix), secrets: options.secrets }
  do {
    // An empty prefix is left out: ali-oss signs `prefix=` and `prefix` differently under V4.
    const query: OSS.ListV2ObjectsQuery = {
      ...(prefix ? { prefix } : {}),
      'max-keys': String(PAGE_SIZE),
      'encoding-type': 'url',
      ...(token ? { 'continuation-token': token } : {})
    }
    const page = await withOssRetries(options.retry, where, () => client.listV2(query, {}))
    yield page.objects.map((object) => ({
      key: decodeListed(object.name),
      size: Number(object.size),
      etag: String(object.etag ?? '')
        .replace(/"/g, '')
        .toUpperCase(),
      type: String(object.type ?? 'Normal'),
      lastModified: String(object.lastModified ?? '')
    }))
    token = page.isTruncated ? decodeListed(page.nextContinuationToken ?? '') : undefined
    if (token !== undefined && tokens.has(token)) throw notAdvancing(prefix)
    if (token !== undefined) tokens.add(token)
  } while (token)
}

/** What encoding-type=url encoded, decoded as OSS's own SDKs do (Go's url.QueryUnescape: "+" is a space). */
export function decodeListed(text: string): string {
  return decodeURIComponent(text.replace(/\+/g, ' '))
}

const listedPlace = (prefix: string): string => (prefix === '' ? '(whole bucket)' : `${prefix}*`)

/** A server or proxy that hands back a continuation token it gave before would have the listing go round for ever. */
const notAdvancing = (prefix: string): PluginError =>
  requestError(
    { operation: 'LIST', key: listedPlace(prefix) },
    'the listing does not advance (the server sent a continuation token it had sent before): stopped; check a proxy between you and OSS',
    { code: 'ListingNotAdvancing' }
  )
