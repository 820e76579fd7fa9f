// Verifies V4 requests: `Authorization: OSS4-HMAC-SHA256 Credential=...,AdditionalHeaders=...,Signature=...`
// or a presigned URL (x-oss-signature-version, x-oss-credential, x-oss-date, x-oss-expires, x-oss-signature,
// optional x-oss-additional-headers and x-oss-security-token).
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
import { V4_ALGORITHM, V4_TERMINATOR, v4Signature } from './signature-v4'

interface Scope {
  accessKeyId: string
  date: string
  region: string
  product: string
}

// OSS answers 400 InvalidArgument with EC 0002-00000226 when the signing region isn't the bucket's.
const WRONG_REGION_EC = '0002-00000226'

export function verifyV4Header(request: AuthRequest, authorization: string): AuthOutcome {
  const fields = parseAuthorizationFields(authorization)
  const credentialText = fields.get('Credential')
  const provided = fields.get('Signature')
  if (!credentialText || !provided) throw invalidArgument('Authorization header is invalid.', 'Authorization', authorization)
  const scope = parseScope(credentialText, 'Invalid credential in Authorization header.', 'Authorization')
  const credential = findCredential(request.credentials, scope.accessKeyId)

  const timestamp = request.headers['x-oss-date'] ?? ''
  const requestTime = parseTimestamp(timestamp)
  if (!requestTime) throw accessDenied('OSS authentication requires a valid x-oss-date header in ISO 8601 basic format.')
  checkClockSkew(requestTime, request.now)
  if (scope.date !== timestamp.slice(0, 8)) {
    throw invalidArgument('Invalid signing date in Authorization header.', 'Authorization', credentialText)
  }
  checkSecurityToken(credential, request.headers['x-oss-security-token'], request.now)
  checkRegion(request, scope, 'Invalid signing region in Authorization header.', 'Authorization', credentialText)

  const additionalHeaders = (fields.get('AdditionalHeaders') ?? '').split(';').filter(Boolean)
  verify(request, scope, credential.accessKeySecret, timestamp, additionalHeaders, request.query.params, provided)
  return { kind: 'signed', accessKeyId: scope.accessKeyId, version: 'v4' }
}

export function verifyV4Query(request: AuthRequest): AuthOutcome {
  const { query } = request
  const version = query.get('x-oss-signature-version') ?? ''
  if (version !== V4_ALGORITHM) throw invalidArgument('Invalid signature version.', 'x-oss-signature-version', version)
  const credentialText = query.get('x-oss-credential') ?? ''
  const scope = parseScope(credentialText, 'Invalid credential in x-oss-credential.', 'x-oss-credential')
  const credential = findCredential(request.credentials, scope.accessKeyId)

  const timestamp = query.get('x-oss-date') ?? ''
  const signedAt = parseTimestamp(timestamp)
  if (!signedAt) throw invalidArgument('Invalid x-oss-date.', 'x-oss-date', timestamp)
  const expires = query.get('x-oss-expires') ?? ''
  if (!/^\d+$/.test(expires)) throw invalidArgument('Invalid x-oss-expires.', 'x-oss-expires', expires)
  checkNotExpired(new Date(signedAt.getTime() + Number(expires) * 1000), request.now)
  checkSecurityToken(credential, query.get('x-oss-security-token'), request.now)
  checkRegion(request, scope, 'Invalid signing region in x-oss-credential.', 'x-oss-credential', credentialText)

  const additionalHeaders = (query.get('x-oss-additional-headers') ?? '').split(';').filter(Boolean)
  const signedParams = query.params.filter((param) => param.name !== 'x-oss-signature')
  verify(request, scope, credential.accessKeySecret, timestamp, additionalHeaders, signedParams, query.get('x-oss-signature') ?? '')
  return { kind: 'signed', accessKeyId: scope.accessKeyId, version: 'v4' }
}

function verify(
  request: AuthRequest,
  scope: Scope,
  secret: string,
  timestamp: string,
  additionalHeaders: string[],
  params: AuthRequest['query']['params'],
  provided: string
): void {
  const result = v4Signature({
    method: request.method,
    bucket: request.bucket?.name,
    key: request.key,
    query: params,
    headers: request.headers,
    additionalHeaders,
    secret,
    region: scope.region,
    timestamp,
    product: scope.product
  })
  if (!sameSignature(provided, result.signature)) {
    throw signatureDoesNotMatch(scope.accessKeyId, provided, result.stringToSign, result.canonicalRequest)
  }
}

function parseAuthorizationFields(authorization: string): Map<string, string> {
  const fields = new Map<string, string>()
  for (const part of authorization.slice(V4_ALGORITHM.length).split(',')) {
    const equals = part.indexOf('=')
    if (equals > 0) fields.set(part.slice(0, equals).trim(), part.slice(equals + 1).trim())
  }
  return fields
}

function parseScope(text: string, message: string, argumentName: string): Scope {
  const parts = text.split('/')
  const [accessKeyId = '', date = '', region = '', product = '', terminator = ''] = parts
  if (parts.length !== 5 || !accessKeyId || !/^\d{8}$/.test(date) || !region || !product || terminator !== V4_TERMINATOR) {
    throw invalidArgument(message, argumentName, text)
  }
  return { accessKeyId, date, region, product }
}

function checkRegion(request: AuthRequest, scope: Scope, message: string, argumentName: string, credentialText: string): void {
  if (!request.bucket) return
  const bucketRegion = request.bucket.region.replace(/^oss-/, '')
  if (scope.region !== bucketRegion || scope.product !== 'oss') {
    throw invalidArgument(message, argumentName, credentialText, WRONG_REGION_EC)
  }
}

/** 20231216T162057Z -> Date, or undefined if malformed. */
function parseTimestamp(text: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text)
  if (!match) return undefined
  const [, year, month, day, hour, minute, second] = match.map(Number)
  return new Date(Date.UTC(year!, month! - 1, day, hour, minute, second))
}
