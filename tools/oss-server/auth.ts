// Decides how a request is signed and verifies it; anonymous requests pass through here and are
// judged against bucket/object ACLs by access.ts.
import { invalidArgument } from './errors'
import type { AuthOutcome, AuthRequest } from './auth-checks'
import { verifyV1Header, verifyV1Query } from './auth-v1'
import { verifyV4Header, verifyV4Query } from './auth-v4'
import { V4_ALGORITHM } from './signature-v4'
import { v1SignatureRefused } from './profiles'

export function authenticate(request: AuthRequest, refuseV1 = false): AuthOutcome {
  const authorization = request.headers['authorization']
  if (authorization !== undefined) {
    if (authorization.startsWith(`${V4_ALGORITHM} `)) return verifyV4Header(request, authorization)
    if (authorization.startsWith('OSS ') && refuseV1) throw v1SignatureRefused()
    if (authorization.startsWith('OSS ')) return verifyV1Header(request, authorization)
    throw invalidArgument('Authorization header is invalid.', 'Authorization', authorization)
  }
  const { query } = request
  if (query.has('x-oss-signature') || query.has('x-oss-signature-version')) return verifyV4Query(request)
  if ((query.has('OSSAccessKeyId') || query.has('Signature')) && refuseV1) throw v1SignatureRefused()
  if (query.has('OSSAccessKeyId') || query.has('Signature')) return verifyV1Query(request)
  return { kind: 'anonymous' }
}
