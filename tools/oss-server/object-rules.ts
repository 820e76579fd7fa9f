// Per-object request rules OSS enforces: key validity, Content-MD5, x-oss-forbid-overwrite.
import { invalidObjectName, OssError } from './errors'

const MAX_KEY_BYTES = 1023

export function validateObjectKey(key: string): void {
  if (!key || Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES || key.startsWith('/') || key.startsWith('\\')) {
    throw invalidObjectName(key)
  }
}

/** Compares a Content-MD5 header, if sent, with the MD5 of what arrived. */
export function checkContentMd5(header: string | undefined, actual: Buffer): void {
  if (header === undefined) return
  const expected = Buffer.from(header, 'base64')
  if (!/^[A-Za-z0-9+/]{22}==$/.test(header.trim()) || expected.length !== 16) {
    throw new OssError(400, 'InvalidDigest', 'The Content-MD5 you specified was invalid.', { 'Content-MD5': header })
  }
  if (!expected.equals(actual)) {
    throw new OssError(400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.', {
      ExpectedMD5: header,
      CalculatedMD5: actual.toString('base64')
    })
  }
}

export function forbidsOverwrite(headers: Record<string, string>): boolean {
  return headers['x-oss-forbid-overwrite']?.trim().toLowerCase() === 'true'
}

export function fileAlreadyExists(): OssError {
  return new OssError(409, 'FileAlreadyExists', 'The object you specified already exists and can not be overwritten.')
}
