// What Aliyun OSS refuses today that it accepted before 2025, as switchable profiles. Statuses, codes and ECs are
// the ones Aliyun documents (help.aliyun.com/oss/user-guide/<EC>); where Aliyun publishes no Message text, ours says
// the same thing in one sentence.
import { accessDenied, OssError } from './errors'
import type { Target } from './addressing'

export interface OssProfile {
  /**
   * An account that activated OSS on or after 2025-03-20: its buckets in mainland regions refuse every data API
   * call through the default public endpoint (<bucket>.oss-cn-*.aliyuncs.com), anonymous reads included, with
   * 400 PublicEndpointForbidden. A bound domain (any other Host), internal and accelerate endpoints still work.
   */
  publicEndpointForbidden?: boolean
  /** Block Public Access on (new buckets since 2025-10-13): public ACLs cannot be set, anonymous reads get 403. */
  blockPublicAccess?: boolean
  /** V1 signatures refused (new accounts since 2025-03-01, new buckets since 2025-09-01): 403, EC 0002-00000080. */
  v1Refused?: boolean
  /** Real OSS: path-style requests (/<bucket>/<key> on the region's host or an IP) get 403 SecondLevelDomainForbidden. */
  pathStyleRefused?: boolean
}

/** Named profiles for tests and `npm start -- --profile <name>`. */
export const PROFILES: Readonly<Record<string, Readonly<OssProfile>>> = Object.freeze({
  /** The OSS the plugin was first tested against: everything above allowed. */
  'before-2025': Object.freeze({}),
  /** What a user who opens an account in 2026 and creates a bucket in a mainland region meets. */
  'new-mainland-account': Object.freeze({ publicEndpointForbidden: true, blockPublicAccess: true, v1Refused: true, pathStyleRefused: true }),
  'block-public-access': Object.freeze({ blockPublicAccess: true }),
  'v1-refused': Object.freeze({ v1Refused: true }),
  'path-style-refused': Object.freeze({ pathStyleRefused: true })
})

export function profileNamed(name: string): OssProfile {
  const profile = PROFILES[name]
  if (!profile) throw new Error(`[oss-server] Expected one of ${Object.keys(PROFILES).join(', ')} for --profile but received ${JSON.stringify(name)}.`)
  return profile
}

/** Mainland regions: oss-cn-* except Hong Kong. */
export const isMainlandRegion = (region: string): boolean => region.startsWith('oss-cn-') && region !== 'oss-cn-hongkong'

/** Checks made from the address alone, before the signature: OSS refuses these whoever asks. */
export function checkAddressing(profile: OssProfile, target: Target, bucketRegion: string): void {
  if (profile.pathStyleRefused && target.style === 'path') throw secondLevelDomainForbidden()
  if (profile.publicEndpointForbidden && target.style === 'virtual-host' && target.publicEndpoint && isMainlandRegion(bucketRegion)) {
    throw publicEndpointForbidden()
  }
}

export const publicEndpointForbidden = (): OssError =>
  new OssError(400, 'PublicEndpointForbidden', 'Not allowed using the OSS public endpoint, please use CNAME instead.', {}, '0048-00000401')

export const v1SignatureRefused = (): OssError =>
  accessDenied('The V1 signature is no longer supported for this account and bucket, please use the V4 signature.', {}, '0002-00000080')

export const secondLevelDomainForbidden = (): OssError => new OssError(403, 'SecondLevelDomainForbidden', 'Please use virtual hosted style to access.')

/** Aliyun's EC page for 0003-00000001 names Block Public Access as one cause of AccessDenied on reads. */
export const blockedAnonymousRead = (): OssError =>
  accessDenied('You have no right to access this object because Block Public Access is enabled for this bucket.', {}, '0003-00000001')

export const blockedPublicAcl = (acl: string): OssError =>
  accessDenied(`Setting the ACL ${acl} is not allowed because Block Public Access is enabled for this bucket.`, { ACL: acl })

const PUBLIC_ACLS = new Set(['public-read', 'public-read-write'])

/** A PUT or Initiate that asks for a public object ACL under Block Public Access. */
export function checkRequestedAcl(profile: OssProfile, headers: Record<string, string>): void {
  const acl = headers['x-oss-object-acl']
  if (profile.blockPublicAccess && acl !== undefined && PUBLIC_ACLS.has(acl)) throw blockedPublicAcl(acl)
}
