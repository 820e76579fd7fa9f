// Which handler serves a request, from its method, whether it names an object, and its sub-resource.
import { deleteMultipleObjects, getBucketInfo, getBucketLocation, listObjects } from './bucket-handlers'
import type { Handler } from './context'
import { notImplemented, OssError } from './errors'
import { abortMultipartUpload, completeMultipartUpload, initiateMultipartUpload, listParts, uploadPart } from './multipart-handlers'
import { deleteObject, getObject, putObject } from './object-handlers'
import { listObjectsV2 } from './list-v2'
import type { Query } from './query'

const UNSUPPORTED_SUBRESOURCES = [
  'acl',
  'tagging',
  'symlink',
  'restore',
  'append',
  'cors',
  'lifecycle',
  'referer',
  'website',
  'logging',
  'policy',
  'versioning',
  'versions',
  'encryption',
  'stat',
  'worm',
  'inventory',
  'replication'
]

export function pickHandler(method: string, key: string, query: Query): Handler {
  const unsupported = UNSUPPORTED_SUBRESOURCES.find((name) => query.has(name))
  if (unsupported) throw notImplemented(`${method} ?${unsupported}`)
  return key ? objectHandler(method, query) : bucketHandler(method, query)
}

function bucketHandler(method: string, query: Query): Handler {
  if (method === 'GET' && query.has('bucketInfo')) return getBucketInfo
  if (method === 'GET' && query.has('location')) return getBucketLocation
  if (method === 'GET' && query.get('list-type') === '2') return listObjectsV2
  if (method === 'GET') return listObjects
  if (method === 'POST' && query.has('delete')) return deleteMultipleObjects
  throw methodNotAllowed(method)
}

function objectHandler(method: string, query: Query): Handler {
  if (method === 'POST' && query.has('uploads')) return initiateMultipartUpload
  if (method === 'POST' && query.has('uploadId')) return completeMultipartUpload
  if (method === 'PUT' && query.has('uploadId')) return uploadPart
  if (method === 'DELETE' && query.has('uploadId')) return abortMultipartUpload
  if (method === 'GET' && query.has('uploadId')) return listParts
  if (method === 'PUT') return putObject
  if (method === 'GET' || method === 'HEAD') return getObject
  if (method === 'DELETE') return deleteObject
  throw methodNotAllowed(method)
}

function methodNotAllowed(method: string): OssError {
  return new OssError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', { Method: method })
}
