import type { Settings } from '../config'
import { PluginError } from '../errors'
import { createClient } from './client'

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
    throw new PluginError(`Signed URLs can only take query options in "urlSuffix" (e.g. "?x-oss-process=style/w800"), not "${urlSuffix}"`, { setting: 'urlSuffix' })
  }
  const signer = createClient(settings, { endpoint: publicBase(settings), cname: true })
  const [query = '', fragment = ''] = urlSuffix.replace(/^\?/, '').split('#')
  const queries = Object.fromEntries(new URLSearchParams(urlSuffix.startsWith('?') ? query : ''))
  const tail = urlSuffix.startsWith('?') ? (fragment ? `#${fragment}` : '') : urlSuffix
  if (settings.signatureVersion === 'v4') {
    return withEncodedKey(await signer.signatureUrlV4('GET', settings.signedUrlExpires, { queries }, key), key) + tail
  }
  const { 'x-oss-process': process, ...rest } = queries
  if (Object.keys(rest).length > 0) {
    throw new PluginError(`Signed V1 URLs can only carry "x-oss-process" in "urlSuffix"; switch "signatureVersion" to v4 for other options`, { setting: 'urlSuffix' })
  }
  return withEncodedKey(signer.signatureUrl(key, { expires: settings.signedUrlExpires, ...(process ? { process } : {}) }), key) + tail
}

/**
 * ali-oss leaves !'()* raw in the path, and a lone ")" ends a Markdown link: encode the key as publicUrl does.
 * OSS signs the decoded key, so the signature still holds.
 */
function withEncodedKey(signed: string, key: string): string {
  const queryAt = signed.indexOf('?')
  return `${new URL(signed).origin}/${encodeKey(key)}${queryAt === -1 ? '' : signed.slice(queryAt)}`
}

export function objectUrl(settings: Settings, key: string): Promise<string> {
  return settings.signedUrlExpires > 0 ? signedUrl(settings, key) : Promise.resolve(publicUrl(settings, key))
}
