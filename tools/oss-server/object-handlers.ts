// PutObject, GetObject/HeadObject, DeleteObject.
import type { Handler } from './context'
import { noSuchKey, notImplemented } from './errors'
import { objectResponseHeaders, simpleObjectRecord, validateMetadataHeaders } from './object-metadata'
import { checkContentMd5, fileAlreadyExists, forbidsOverwrite, validateObjectKey } from './object-rules'

/** response-* query parameters override the stored headers of a GET, as OSS allows. */
const RESPONSE_OVERRIDES: Record<string, string> = {
  'response-content-type': 'Content-Type',
  'response-content-disposition': 'content-disposition',
  'response-cache-control': 'cache-control',
  'response-content-encoding': 'content-encoding',
  'response-content-language': 'content-language',
  'response-expires': 'expires'
}

export const putObject: Handler = async (ctx) => {
  validateObjectKey(ctx.key)
  validateMetadataHeaders(ctx.headers)
  if (ctx.headers['x-oss-copy-source'] !== undefined) throw notImplemented('CopyObject')
  const body = await ctx.receiveBody()
  checkContentMd5(ctx.headers['content-md5'], body.md5)
  if (forbidsOverwrite(ctx.headers) && ctx.bucket.objects.has(ctx.key)) throw fileAlreadyExists()

  const record = simpleObjectRecord(body.data, ctx.headers, ctx.now, body)
  ctx.bucket.objects.set(ctx.key, record)
  return {
    status: 200,
    headers: { ETag: record.etag, 'x-oss-hash-crc64ecma': record.crc64, 'Content-MD5': record.contentMd5 ?? '' }
  }
}

export const getObject: Handler = async (ctx) => {
  validateObjectKey(ctx.key)
  const record = ctx.bucket.objects.get(ctx.key)
  if (!record) throw noSuchKey(ctx.key)
  const headers = objectResponseHeaders(record)
  for (const param of ctx.query.params) {
    const header = RESPONSE_OVERRIDES[param.name]
    if (header) headers[header] = param.value
  }
  return { status: 200, headers, body: record.chunks }
}

/** OSS answers 204 whether or not the key existed. */
export const deleteObject: Handler = async (ctx) => {
  validateObjectKey(ctx.key)
  ctx.bucket.objects.delete(ctx.key)
  return { status: 204 }
}
