import { get as httpGet, type IncomingMessage } from 'http'
import { get as httpsGet } from 'https'
import { agentFor } from '../proxy/agents'
import type { ProxySetting } from '../proxy/setting'

export interface HttpResponse {
  status: number
  contentType: string
  body: Buffer
}

const MAX_REDIRECTS = 5
const MAX_BODY_BYTES = 1024 * 1024

/**
 * GET a URL as a browser would (following redirects), with node:http rather than the global fetch: the PicGo app
 * 2.3/2.4 runs Node 16.9, which has neither fetch nor AbortSignal.timeout. Rejects with an error whose `code` is the
 * network error's (ECONNREFUSED, ENOTFOUND, ETIMEDOUT ...), or the proxy's (ProxyRefused ...) when PicGo's proxy is set.
 */
export function getUrl(url: string, timeoutMs: number, proxy?: ProxySetting, redirectsLeft = MAX_REDIRECTS): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const get = url.startsWith('https:') ? httpsGet : httpGet
    const request = get(url, { agent: agentFor(url, proxy, timeoutMs) }, (response: IncomingMessage) => {
      const status = response.statusCode ?? 0
      const location = response.headers.location
      if (status >= 300 && status < 400 && location && redirectsLeft > 0) {
        response.resume()
        resolve(getUrl(new URL(location, url).toString(), timeoutMs, proxy, redirectsLeft - 1))
        return
      }
      const chunks: Buffer[] = []
      let size = 0
      response.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (size <= MAX_BODY_BYTES) chunks.push(chunk)
      })
      response.on('end', () => resolve({ status, contentType: String(response.headers['content-type'] ?? ''), body: Buffer.concat(chunks) }))
      response.on('error', reject)
    })
    request.setTimeout(timeoutMs, () => request.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })))
    request.on('error', reject)
  })
}
