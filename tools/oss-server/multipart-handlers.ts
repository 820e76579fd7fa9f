// InitiateMultipartUpload, UploadPart, ListParts, CompleteMultipartUpload, AbortMultipartUpload.
import { xmlReply, type Handler, type RequestContext } from './context'
import { Crc64 } from './crc64'
import { invalidArgument, malformedXml, noSuchUpload, OssError } from './errors'
import { DEFAULT_CONTENT_TYPE, multipartEtag, pickStoredHeaders, quotedEtag, validateMetadataHeaders } from './object-metadata'
import { checkContentMd5, fileAlreadyExists, forbidsOverwrite, validateObjectKey } from './object-rules'
import { Query } from './query'
import { newUploadId } from './request-id'
import type { MultipartUpload, UploadedPart } from './store'
import { element, firstTagText, tagContents, xmlDocument } from './xml'

const MIN_PART_BYTES = 100 * 1024
const MAX_PART_NUMBER = 10000

export const initiateMultipartUpload: Handler = async (ctx) => {
  validateObjectKey(ctx.key)
  validateMetadataHeaders(ctx.headers)
  if (forbidsOverwrite(ctx.headers) && ctx.bucket.objects.has(ctx.key)) throw fileAlreadyExists()
  const upload: MultipartUpload = {
    id: newUploadId(),
    key: ctx.key,
    initiated: ctx.now,
    contentType: ctx.headers['content-type'] || DEFAULT_CONTENT_TYPE,
    headers: pickStoredHeaders(ctx.headers),
    forbidOverwrite: forbidsOverwrite(ctx.headers),
    parts: new Map()
  }
  ctx.bucket.uploads.set(upload.id, upload)
  return xmlReply(
    xmlDocument(element('InitiateMultipartUploadResult', [element('Bucket', ctx.bucket.name), element('Key', ctx.key), element('UploadId', upload.id)]))
  )
}

export const uploadPart: Handler = async (ctx) => {
  const upload = findUpload(ctx)
  const partNumberText = ctx.query.get('partNumber') ?? ''
  const partNumber = Number(partNumberText)
  if (!/^\d+$/.test(partNumberText) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
    throw invalidArgument('Part number must be an integer between 1 and 10000, inclusive.', 'partNumber', partNumberText)
  }
  const body = await ctx.receiveBody()
  checkContentMd5(ctx.headers['content-md5'], body.md5)
  const part: UploadedPart = { data: body.data, md5: body.md5, etag: quotedEtag(body.md5) }
  upload.parts.set(partNumber, part)
  return {
    status: 200,
    headers: { ETag: part.etag, 'x-oss-hash-crc64ecma': body.crc64.toString(), 'Content-MD5': body.md5.toString('base64') }
  }
}

export const completeMultipartUpload: Handler = async (ctx) => {
  const upload = findUpload(ctx)
  const body = await ctx.receiveBody()
  const listed = parseCompleteRequest(body.data.toString('utf8'))
  const parts = checkListedParts(upload, listed)
  if ((upload.forbidOverwrite || forbidsOverwrite(ctx.headers)) && ctx.bucket.objects.has(upload.key)) {
    throw fileAlreadyExists()
  }

  const crc = new Crc64()
  for (const part of parts) crc.update(part.data)
  const etag = multipartEtag(parts.map((part) => part.md5))
  const record = {
    chunks: parts.map((part) => part.data),
    size: parts.reduce((sum, part) => sum + part.data.length, 0),
    contentType: upload.contentType,
    etag,
    crc64: crc.digest().toString(),
    headers: upload.headers,
    lastModified: ctx.now,
    multipart: true
  }
  ctx.bucket.objects.set(upload.key, record)
  ctx.bucket.uploads.delete(upload.id)
  return xmlReply(
    xmlDocument(
      element('CompleteMultipartUploadResult', [
        element('Location', `http://${ctx.bucketHost}/${encodeURI(upload.key)}`),
        element('Bucket', ctx.bucket.name),
        element('Key', upload.key),
        element('ETag', etag)
      ])
    ),
    { ETag: etag, 'x-oss-hash-crc64ecma': record.crc64 }
  )
}

/**
 * As OSS documents it: parts still being uploaded when the abort arrives may not be deleted, so the abort answers
 * 204 but the upload stays with its parts, until an abort with no part in flight removes it.
 */
export const abortMultipartUpload: Handler = async (ctx) => {
  const upload = findUpload(ctx)
  const racingParts = ctx.othersInFlight().filter((request) => request.method === 'PUT' && new Query(request.query).get('uploadId') === upload.id)
  if (racingParts.length === 0) ctx.bucket.uploads.delete(upload.id)
  return { status: 204 }
}

export const listParts: Handler = async (ctx) => {
  const upload = findUpload(ctx)
  const parts = [...upload.parts].sort(([a], [b]) => a - b)
  return xmlReply(
    xmlDocument(
      element('ListPartsResult', [
        element('Bucket', ctx.bucket.name),
        element('Key', upload.key),
        element('UploadId', upload.id),
        element('MaxParts', '1000'),
        element('IsTruncated', 'false'),
        ...parts.map(([number, part]) =>
          element('Part', [element('PartNumber', String(number)), element('ETag', part.etag), element('Size', String(part.data.length))])
        )
      ])
    )
  )
}

function findUpload(ctx: RequestContext): MultipartUpload {
  const uploadId = ctx.query.get('uploadId') ?? ''
  const upload = ctx.bucket.uploads.get(uploadId)
  if (!upload || upload.key !== ctx.key) throw noSuchUpload(uploadId)
  return upload
}

interface ListedPart {
  partNumber: number
  etag: string
}

function parseCompleteRequest(xml: string): ListedPart[] {
  if (!/<CompleteMultipartUpload[\s>]/.test(xml)) throw malformedXml()
  const parts = tagContents(xml, 'Part').map((part) => ({
    partNumber: Number(firstTagText(part, 'PartNumber')),
    etag: firstTagText(part, 'ETag') ?? ''
  }))
  if (parts.length === 0 || parts.some((part) => !Number.isInteger(part.partNumber) || !part.etag)) throw malformedXml()
  return parts
}

/** The listed parts, checked the way OSS checks them: ascending, existing, matching ETags, big enough. */
function checkListedParts(upload: MultipartUpload, listed: ListedPart[]): UploadedPart[] {
  listed.forEach((part, index) => {
    const previous = listed[index - 1]
    if (previous && part.partNumber <= previous.partNumber) {
      throw new OssError(400, 'InvalidPartOrder', 'The list of parts was not in ascending order. Parts must be ordered by part number.', {
        UploadId: upload.id
      })
    }
  })
  const parts = listed.map((entry) => {
    const part = upload.parts.get(entry.partNumber)
    if (!part || normaliseEtag(part.etag) !== normaliseEtag(entry.etag)) {
      throw new OssError(
        400,
        'InvalidPart',
        "One or more of the specified parts could not be found or the specified entity tag might not have matched the part's entity tag.",
        {
          UploadId: upload.id,
          PartNumber: String(entry.partNumber),
          ETag: entry.etag
        }
      )
    }
    return part
  })
  parts.forEach((part, index) => {
    if (index < parts.length - 1 && part.data.length < MIN_PART_BYTES) {
      throw new OssError(400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size.', {
        PartNumber: String(listed[index]?.partNumber),
        ProposedSize: String(part.data.length),
        MinSizeAllowed: String(MIN_PART_BYTES)
      })
    }
  })
  return parts
}

function normaliseEtag(etag: string): string {
  return etag.replace(/"/g, '').trim().toUpperCase()
}
