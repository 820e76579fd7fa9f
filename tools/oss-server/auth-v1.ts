// Verifies V1 requests: `Authorization: OSS <ak>:<signature>` or a presigned URL
// (OSSAccessKeyId, Expires, Signature, optional security-token).
import { accessDenied, invalidArgument } from './errors'
import {
  checkClockSkew,
  checkNotExpired,
  checkSecurityToken,
  findCredential,
  sameSignature,
  signatureDoesNotMatch,
  type AuthOutcome,
  type AuthRequest
} from './auth-checks'
import { v1Signature, v1StringToSign } from './signature-v1'

export function verifyV1Header(request: AuthRequest, authorization: string): AuthOutcome {
  const match = /^OSS ([^:\s]+):(\S+)$/.exec(authorization.trim())
  if (!match) throw invalidArgument('Authorization header is invalid.', 'Authorization', authorization)
  const [, accessKeyId = '', provided = ''] = match
  const credential = findCredential(request.credentials, accessKeyId)

  // ali-oss sends no Date header, only x-oss-date, and signs that value on the Date line.
  const dateText = request.headers['date'] ?? request.headers['x-oss-date']
  const requestTime = new Date(dateText ?? '')
  if (!dateText || Number.isNaN(requestTime.getTime())) throw accessDenied('OSS authentication requires a valid Date.')
  checkClockSkew(requestTime, request.now)
  checkSecurityToken(credential, request.headers['x-oss-security-token'], request.now)

  verify(request, accessKeyId, credential.accessKeySecret, dateText, provided, request.headers)
  return { kind: 'signed', accessKeyId, version: 'v1' }
}

export function verifyV1Query(request: AuthRequest): AuthOutcome {
  const { query } = request
  const accessKeyId = query.get('OSSAccessKeyId') ?? ''
  const expires = query.get('Expires') ?? ''
  const provided = query.get('Signature') ?? ''
  const credential = findCredential(request.credentials, accessKeyId)
  checkNotExpired(new Date(/^\d+$/.test(expires) ? Number(expires) * 1000 : NaN), request.now)
  checkSecurityToken(credential, query.get('security-token'), request.now)

  verify(request, accessKeyId, credential.accessKeySecret, expires, provided, request.headers)
  return { kind: 'signed', accessKeyId, version: 'v1' }
}

function verify(request: AuthRequest, accessKeyId: string, secret: string, date: string, provided: string, headers: Record<string, string>): void {
  const stringToSign = v1StringToSign({
    method: request.method,
    headers,
    date,
    bucket: request.bucket?.name,
    key: request.key,
    query: request.query.params
  })
  if (!sameSignature(provided, v1Signature(secret, stringToSign))) {
    throw signatureDoesNotMatch(accessKeyId, provided, stringToSign)
  }
}
