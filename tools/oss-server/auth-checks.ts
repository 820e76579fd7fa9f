// Checks shared by the V1 and V4 verifiers, with the answers OSS gives.
import { timingSafeEqual } from 'node:crypto'
import { accessDenied, OssError } from './errors'
import type { Query } from './query'
import type { Credential } from './types'

export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000

export interface AuthRequest {
  method: string
  /** Lower-case header names. */
  headers: Record<string, string>
  query: Query
  bucket?: { name: string; region: string }
  key?: string
  now: Date
  credentials: readonly Credential[]
}

export type AuthOutcome = { kind: 'signed'; accessKeyId: string; version: 'v1' | 'v4' } | { kind: 'anonymous' }

export function findCredential(credentials: readonly Credential[], accessKeyId: string): Credential {
  const credential = credentials.find((candidate) => candidate.accessKeyId === accessKeyId)
  if (!credential) {
    throw new OssError(403, 'InvalidAccessKeyId', 'The OSS Access Key Id you provided does not exist in our records.', {
      OSSAccessKeyId: accessKeyId
    })
  }
  return credential
}

export function checkClockSkew(requestTime: Date, now: Date): void {
  if (Math.abs(now.getTime() - requestTime.getTime()) > MAX_CLOCK_SKEW_MS) {
    throw new OssError(403, 'RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.', {
      RequestTime: requestTime.toISOString(),
      ServerTime: now.toISOString(),
      MaxAllowedSkewMilliseconds: String(MAX_CLOCK_SKEW_MS)
    })
  }
}

/** A credential with a securityToken is an STS credential: every request must carry that exact token. */
export function checkSecurityToken(credential: Credential, token: string | undefined, now: Date): void {
  if ((token ?? '') !== (credential.securityToken ?? '')) {
    throw new OssError(403, 'InvalidSecurityToken', 'The security token you provided is invalid.')
  }
  if (credential.expiration && now.getTime() > credential.expiration.getTime()) {
    throw new OssError(403, 'SecurityTokenExpired', 'The security token you provided has expired.', {
      Expiration: credential.expiration.toISOString(),
      ServerTime: now.toISOString()
    })
  }
}

export function checkNotExpired(expiresAt: Date, now: Date): void {
  if (Number.isNaN(expiresAt.getTime()) || now.getTime() > expiresAt.getTime()) {
    throw accessDenied('Request has expired.', {
      Expires: Number.isNaN(expiresAt.getTime()) ? 'invalid' : expiresAt.toISOString(),
      ServerTime: now.toISOString()
    })
  }
}

export function sameSignature(provided: string, expected: string): boolean {
  const a = Buffer.from(provided)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

export function signatureDoesNotMatch(accessKeyId: string, provided: string, stringToSign: string, canonicalRequest?: string): OssError {
  return new OssError(
    403,
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    {
      StringToSign: stringToSign,
      SignatureProvided: provided,
      OSSAccessKeyId: accessKeyId,
      ...(canonicalRequest === undefined ? {} : { CanonicalRequest: canonicalRequest })
    }
  )
}
