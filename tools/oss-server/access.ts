// Anonymous (unsigned) requests: OSS serves reads of public objects and nothing else.
import { accessDenied } from './errors'
import { blockedAnonymousRead } from './profiles'
import type { BucketState } from './store'

const READ_METHODS = new Set(['GET', 'HEAD'])

export function checkAnonymousAccess(method: string, bucket: BucketState, key: string, blockPublicAccess = false): void {
  if (!READ_METHODS.has(method)) {
    throw accessDenied('You have no right to access this object because of bucket acl.')
  }
  // Block Public Access ignores every public ACL, the bucket's and the object's.
  if (blockPublicAccess) throw blockedAnonymousRead()
  const objectAcl = key ? bucket.objects.get(key)?.headers['x-oss-object-acl'] : undefined
  if (objectAcl === 'public-read' || objectAcl === 'public-read-write') return
  if (objectAcl === 'private') throw accessDenied('You have no right to access this object because of object acl.')
  if (bucket.acl !== 'public-read') throw accessDenied('You have no right to access this object because of bucket acl.')
}
