// Which bucket and key a request addresses. Three styles, as OSS and ali-oss use them:
//   virtual-host  Host: <bucket>.<region>.aliyuncs.com     (ali-oss with endpoint http://127.0.0.1:PORT)
//   path-style    Host: 127.0.0.1:PORT, path /<bucket>/<key>
//   cname         any other Host (e.g. localhost:PORT)      (ali-oss with cname: true) -> the cname bucket
import { accessDenied, OssError } from './errors'

export interface Target {
  style: 'virtual-host' | 'path' | 'cname'
  /** undefined for service-level requests (path-style `/`). */
  bucketName?: string
  /** Decoded object key; '' for bucket-level requests. */
  key: string
  /** The oss-<region> named by a virtual-host Host, when it names one. */
  hostRegion?: string
  /** A virtual-host Host on the region's default public endpoint (not -internal, not an accelerate host). */
  publicEndpoint?: boolean
}

const ALIYUN_HOST = /^(?:(.+)\.)?(oss-[a-z0-9-]+)\.aliyuncs\.com$/
const REGIONLESS_HOSTS = new Set(['oss-accelerate', 'oss-accelerate-overseas'])

export function resolveTarget(hostHeader: string | undefined, path: string, cnameBucket: string): Target {
  const host = hostName(hostHeader ?? '')
  const aliyun = ALIYUN_HOST.exec(host)
  if (aliyun) {
    const [, bucketName, endpoint = ''] = aliyun
    if (!bucketName) return pathStyle(path)
    const region = endpoint.replace(/-internal$/, '')
    const regionless = REGIONLESS_HOSTS.has(region)
    return {
      style: 'virtual-host',
      bucketName,
      key: decodePath(path.slice(1)),
      hostRegion: regionless ? undefined : region,
      publicEndpoint: !regionless && region === endpoint
    }
  }
  if (host === '' || isIpAddress(host)) return pathStyle(path)
  return { style: 'cname', bucketName: cnameBucket, key: decodePath(path.slice(1)) }
}

/**
 * A path-style-only server: the bucket is the first path segment. ali-oss still sends Host: <bucket>.<region>.aliyuncs.com
 * to an IP endpoint, so the Host is ignored, unless the path names no bucket while the Host does: that client
 * addresses by Host, which this server does not understand.
 */
export function resolvePathStyleOnly(hostHeader: string | undefined, path: string, hasBucket: (name: string) => boolean): Target {
  const target = pathStyle(path)
  if (target.bucketName !== undefined && hasBucket(target.bucketName)) return target
  const byHost = resolveTarget(hostHeader, path, '')
  if (byHost.style !== 'path') {
    throw new OssError(400, 'InvalidRequest', 'This server accepts path-style requests only (/<bucket>/<key>).', { Host: hostHeader ?? '' })
  }
  return target
}

/** What OSS answers when a bucket is addressed through another region's endpoint. */
export function wrongEndpoint(bucket: string, region: string): OssError {
  return accessDenied(
    'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
    { Bucket: bucket, Endpoint: `${region}.aliyuncs.com` }
  )
}

function pathStyle(path: string): Target {
  const rest = path.slice(1)
  const slash = rest.indexOf('/')
  const bucketName = decodePath(slash < 0 ? rest : rest.slice(0, slash))
  return { style: 'path', bucketName: bucketName || undefined, key: slash < 0 ? '' : decodePath(rest.slice(slash + 1)) }
}

function hostName(host: string): string {
  const lower = host.trim().toLowerCase()
  if (lower.startsWith('[')) return lower.slice(0, lower.indexOf(']') + 1)
  const colon = lower.lastIndexOf(':')
  return colon < 0 ? lower : lower.slice(0, colon)
}

function isIpAddress(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[')
}

function decodePath(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    throw new OssError(400, 'InvalidURI', "Couldn't parse the specified URI.", { URI: text })
  }
}
