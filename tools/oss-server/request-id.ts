import { randomBytes } from 'node:crypto'

/** 24 upper-case hex characters, the shape of a real x-oss-request-id. */
export function newRequestId(): string {
  return randomBytes(12).toString('hex').toUpperCase()
}

/** 32 upper-case hex characters, the shape of a real multipart UploadId. */
export function newUploadId(): string {
  return randomBytes(16).toString('hex').toUpperCase()
}
