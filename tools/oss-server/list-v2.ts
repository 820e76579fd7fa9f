// ListObjectsV2 (GET /?list-type=2): pages of at most 1,000 keys chained by continuation tokens, as OSS documents it.
import { xmlReply, type Handler } from './context'
import { OssError } from './errors'
import { contentsElement, listPage, MAX_LIST_KEYS } from './listing'
import { element, xmlDocument } from './xml'

/** OSS's default page size for ListObjectsV2 when max-keys is not sent. */
const DEFAULT_MAX_KEYS = 100

export const listObjectsV2: Handler = async (ctx) => {
  const prefix = ctx.query.get('prefix') ?? ''
  const delimiter = ctx.query.get('delimiter') ?? ''
  const startAfter = ctx.query.get('start-after') ?? ''
  const token = ctx.query.get('continuation-token')
  const urlEncoded = ctx.query.get('encoding-type') === 'url'
  const fetchOwner = ctx.query.get('fetch-owner') === 'true'
  const maxKeys = parseMaxKeys(ctx.query.get('max-keys'))
  const after = token === undefined ? startAfter : keyOfToken(token)
  const encode = (text: string): string => (urlEncoded ? encodeURIComponent(text) : text)

  const page = listPage(ctx.bucket, { prefix, after, delimiter, maxKeys })
  const contents = page.objects.map(({ key, record }) => contentsElement(encode(key), record, fetchOwner))
  const { truncated, lastKey, commonPrefixes } = page
  return xmlReply(
    xmlDocument(
      element('ListBucketResult', [
        element('Name', ctx.bucket.name),
        element('Prefix', encode(prefix)),
        ...(startAfter ? [element('StartAfter', encode(startAfter))] : []),
        ...(token !== undefined ? [element('ContinuationToken', token)] : []),
        element('MaxKeys', maxKeys),
        element('Delimiter', encode(delimiter)),
        ...(urlEncoded ? [element('EncodingType', 'url')] : []),
        element('IsTruncated', truncated),
        ...(truncated ? [element('NextContinuationToken', encode(tokenOfKey(lastKey)))] : []),
        element('KeyCount', contents.length + commonPrefixes.length),
        ...contents,
        ...commonPrefixes.map((commonPrefix) => element('CommonPrefixes', [element('Prefix', encode(commonPrefix))]))
      ])
    )
  )
}

function parseMaxKeys(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MAX_KEYS
  const value = Number(text)
  if (!Number.isInteger(value) || value < 1 || value > MAX_LIST_KEYS) {
    throw new OssError(400, 'InvalidArgument', `max-keys must be between 1 and ${MAX_LIST_KEYS}.`, { ArgumentName: 'max-keys', ArgumentValue: text })
  }
  return value
}

// Opaque to clients, as OSS's are; base64 has '+', '/' and '=', so clients must encode and decode it properly.
const tokenOfKey = (key: string): string => Buffer.from(`after:${key}`, 'utf8').toString('base64')

function keyOfToken(token: string): string {
  const text = Buffer.from(token, 'base64').toString('utf8')
  if (!text.startsWith('after:')) {
    throw new OssError(400, 'InvalidArgument', 'The continuation token is not valid.', { ArgumentName: 'continuation-token', ArgumentValue: token })
  }
  return text.slice('after:'.length)
}
