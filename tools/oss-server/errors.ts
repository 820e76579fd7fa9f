import { escapeXml, XML_DECLARATION } from './xml'

/** An OSS error answer: HTTP status, OSS code and message, plus the extra elements OSS adds. */
export class OssError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, string> = {},
    /** OSS's x-oss-ec troubleshooting code, when we know the one OSS uses. */
    readonly ec?: string
  ) {
    super(message)
    this.name = 'OssError'
  }
}

export function errorXml(error: OssError, requestId: string, hostId: string): string {
  const parts = [
    `<Code>${escapeXml(error.code)}</Code>`,
    `<Message>${escapeXml(error.message)}</Message>`,
    `<RequestId>${requestId}</RequestId>`,
    `<HostId>${escapeXml(hostId)}</HostId>`,
    ...Object.entries(error.details).map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`),
    error.ec ? `<EC>${error.ec}</EC>` : '',
    error.ec ? `<RecommendDoc>https://api.aliyun.com/troubleshoot?q=${error.ec}</RecommendDoc>` : ''
  ]
  return `${XML_DECLARATION}<Error>\n  ${parts.filter(Boolean).join('\n  ')}\n</Error>\n`
}

// Messages below are the ones OSS sends for these codes.

export const noSuchBucket = (bucket: string): OssError =>
  new OssError(404, 'NoSuchBucket', 'The specified bucket does not exist.', { BucketName: bucket }, '0015-00000101')

export const noSuchKey = (key: string): OssError => new OssError(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key }, '0026-00000001')

export const noSuchUpload = (uploadId: string): OssError =>
  new OssError(404, 'NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', {
    UploadId: uploadId
  })

export const accessDenied = (message: string, details: Record<string, string> = {}, ec?: string): OssError =>
  new OssError(403, 'AccessDenied', message, details, ec)

export const invalidArgument = (message: string, name: string, value: string, ec?: string): OssError =>
  new OssError(400, 'InvalidArgument', message, { ArgumentName: name, ArgumentValue: value }, ec)

export const invalidObjectName = (key: string): OssError => new OssError(400, 'InvalidObjectName', 'The specified object is not valid.', { ObjectName: key })

export const malformedXml = (): OssError =>
  new OssError(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema.')

export const notImplemented = (what: string): OssError => new OssError(501, 'NotImplemented', `${what} is not implemented by the local OSS server.`)
