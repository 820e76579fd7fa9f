import { isIP } from 'net'
import type { Settings } from '../settings/config'
import { PluginError } from '../errors'
import { signGetUrl } from '../oss/sign'

/** Percent-encodes each key segment; also `!'()*`, which break Markdown image links. */
export function encodeKey(key: string): string {
  return key
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/')
}

/** Where readers fetch objects: customUrl, else the bound domain, else the bucket's own domain. */
export function publicBase(settings: Settings): string {
  if (settings.customUrl) return settings.customUrl
  if (settings.cname && settings.endpoint) return settings.endpoint
  return `https://${settings.bucket}.${settings.region}.aliyuncs.com`
}

export function publicUrl(settings: Settings, key: string): string {
  return `${publicBase(settings)}/${encodeKey(key)}${settings.urlSuffix}`
}

/**
 * A presigned GET URL on the public base, for private buckets. Query options in "urlSuffix"
 * (e.g. ?x-oss-process=style/w800) are signed in; OSS would refuse them appended afterwards.
 */
export async function signedUrl(settings: Settings, key: string): Promise<string> {
  const { urlSuffix } = settings
  if (urlSuffix !== '' && !urlSuffix.startsWith('?') && !urlSuffix.startsWith('#')) {
    // Appended after the signature it would corrupt the last query value; on the path OSS would not find the key.
    throw new PluginError(`Signed URLs can only take query options in "urlSuffix" (e.g. "?x-oss-process=style/w800"), not "${urlSuffix}"`, {
      setting: 'urlSuffix'
    })
  }
  const base = publicBase(settings)
  const [query = '', fragment = ''] = urlSuffix.replace(/^\?/, '').split('#')
  const queries = Object.fromEntries(new URLSearchParams(urlSuffix.startsWith('?') ? query : ''))
  const tail = urlSuffix.startsWith('?') ? (fragment ? `#${fragment}` : '') : urlSuffix
  if (settings.signatureVersion === 'v1' && Object.keys(queries).some((name) => name !== 'x-oss-process')) {
    throw new PluginError(`Signed V1 URLs can only carry "x-oss-process" in "urlSuffix"; switch "signatureVersion" to v4 for other options`, {
      setting: 'urlSuffix'
    })
  }
  return onBase(await signGetUrl(settings, signingOrigin(settings, base), key, queries), base, key) + tail
}

/**
 * The signed query on the public base, path included ("https://cdn.example.com/images"): ali-oss keeps only the
 * origin. ali-oss also leaves !'()* raw in the path, and a lone ")" ends a Markdown link: the key is encoded as
 * publicUrl does. OSS signs the bucket and the decoded key, not the host or a CDN's path, so the signature holds.
 */
function onBase(signed: string, base: string, key: string): string {
  const queryAt = signed.indexOf('?')
  return `${base}/${encodeKey(key)}${queryAt === -1 ? '' : signed.slice(queryAt)}`
}

/**
 * ali-oss refuses V1 URLs for an IP host ("can not get the object URL when endpoint is IP"), though a V1
 * signature covers neither host nor port: sign on a stand-in host, which onBase() replaces.
 */
function signingOrigin(settings: Settings, base: string): string {
  const { protocol, hostname, origin } = new URL(base)
  const bare = hostname.replace(/^\[|\]$/g, '')
  return settings.signatureVersion === 'v1' && isIP(bare) !== 0 ? `${protocol}//ip-host.invalid` : origin
}

export function objectUrl(settings: Settings, key: string): Promise<string> {
  return settings.signedUrlExpires > 0 ? signedUrl(settings, key) : Promise.resolve(publicUrl(settings, key))
}

/** The inverse of publicUrl/signedUrl: undefined unless the URL is base + encoded key (+ urlSuffix). */
export function keyFromUrl(imgUrl: string, settings: Settings): string | undefined {
  let url: URL
  let base: URL
  try {
    url = new URL(imgUrl)
    base = new URL(`${publicBase(settings)}/`)
  } catch {
    return undefined
  }
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) return undefined
  let encoded = url.pathname.slice(base.pathname.length)
  const suffixPath = settings.urlSuffix.split(/[?#]/)[0] ?? ''
  if (suffixPath !== '') {
    if (!encoded.endsWith(suffixPath)) return undefined
    encoded = encoded.slice(0, -suffixPath.length)
  }
  try {
    const key = decodeURIComponent(encoded)
    return key === '' ? undefined : key
  } catch {
    return undefined
  }
}
