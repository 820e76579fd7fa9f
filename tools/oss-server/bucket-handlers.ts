// Bucket-level requests: ListObjects (V1), DeleteMultipleObjects, GetBucketInfo.
import { xmlReply, type Handler } from './context'
import { malformedXml, OssError } from './errors'
import { checkContentMd5 } from './object-rules'
import { contentsElement, listPage, MAX_LIST_KEYS } from './listing'
import { element, firstTagText, tagContents, xmlDocument } from './xml'

const MAX_DELETE_KEYS = 1000

export const listObjects: Handler = async (ctx) => {
  const prefix = ctx.query.get('prefix') ?? ''
  const marker = ctx.query.get('marker') ?? ''
  const delimiter = ctx.query.get('delimiter') ?? ''
  const maxKeysText = ctx.query.get('max-keys') ?? String(MAX_LIST_KEYS)
  const maxKeys = Math.min(Math.max(Number(maxKeysText) || 0, 0), MAX_LIST_KEYS)

  const { objects, commonPrefixes, lastKey: nextMarker, truncated } = listPage(ctx.bucket, { prefix, after: marker, delimiter, maxKeys })
  const contents = objects.map(({ key, record }) => contentsElement(key, record, true))
  return xmlReply(
    xmlDocument(
      element('ListBucketResult', [
        element('Name', ctx.bucket.name),
        element('Prefix', prefix),
        element('Marker', marker),
        element('MaxKeys', maxKeys),
        element('Delimiter', delimiter),
        element('IsTruncated', truncated),
        ...(truncated ? [element('NextMarker', nextMarker)] : []),
        ...contents,
        ...commonPrefixes.map((commonPrefix) => element('CommonPrefixes', [element('Prefix', commonPrefix)]))
      ])
    )
  )
}

export const deleteMultipleObjects: Handler = async (ctx) => {
  const body = await ctx.receiveBody()
  if (ctx.headers['content-md5'] === undefined) {
    throw new OssError(400, 'InvalidDigest', 'The Content-MD5 you specified was invalid.', { 'Content-MD5': '' })
  }
  checkContentMd5(ctx.headers['content-md5'], body.md5)
  const xml = body.data.toString('utf8')
  if (!/<Delete[\s>]/.test(xml)) throw malformedXml()
  const quiet = firstTagText(xml, 'Quiet')?.toLowerCase() === 'true'
  const keys = tagContents(xml, 'Object').map((object) => firstTagText(object, 'Key') ?? '')
  if (keys.length === 0 || keys.length > MAX_DELETE_KEYS || keys.some((key) => !key)) throw malformedXml()

  for (const key of keys) ctx.bucket.objects.delete(key)
  const deleted = quiet ? [] : keys.map((key) => element('Deleted', [element('Key', key)]))
  return xmlReply(xmlDocument(element('DeleteResult', deleted)))
}

export const getBucketInfo: Handler = async (ctx) => {
  const { bucket } = ctx
  return xmlReply(
    xmlDocument(
      element('BucketInfo', [
        element('Bucket', [
          element('Name', bucket.name),
          element('Location', bucket.region),
          element('CreationDate', bucket.created.toISOString()),
          element('ExtranetEndpoint', `${bucket.region}.aliyuncs.com`),
          element('IntranetEndpoint', `${bucket.region}-internal.aliyuncs.com`),
          element('StorageClass', 'Standard'),
          element('AccessControlList', [element('Grant', bucket.acl)])
        ])
      ])
    )
  )
}

export const getBucketLocation: Handler = async (ctx) => xmlReply(xmlDocument(element('LocationConstraint', ctx.bucket.region)))
