import type { Settings } from '../settings/config'
import { createClient } from './client'

/**
 * A presigned GET URL of the key on `origin`, valid "signedUrlExpires" seconds. V1 signs only "x-oss-process" of
 * the queries (the caller refuses others); V4 signs them all.
 */
export function signGetUrl(settings: Settings, origin: string, key: string, queries: Record<string, string>): Promise<string> {
  const signer = createClient(settings, { endpoint: origin, cname: true })
  const expires = settings.signedUrlExpires
  if (settings.signatureVersion === 'v4') return signer.signatureUrlV4('GET', expires, { queries }, key)
  const process = queries['x-oss-process']
  return Promise.resolve(signer.signatureUrl(key, { expires, ...(process ? { process } : {}) }))
}
