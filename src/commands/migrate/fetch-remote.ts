import { get as httpGet, type IncomingMessage } from 'http'
import { get as httpsGet } from 'https'
import { PluginError } from '../../errors'
import { agentFor } from '../../proxy/agents'
import type { ProxySetting } from '../../proxy/setting'

const MAX_REDIRECTS = 5
/** A remote "image" bigger than this is refused, not held in memory. */
export const MAX_REMOTE_BYTES = 100 * 1024 * 1024

/** GETs a remote image (Node's http/https: no global fetch on Node 16), following redirects, through PicGo's proxy if set. */
export function fetchRemote(url: string, timeoutMs: number, proxy?: ProxySetting, redirects = 0): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const fail = (message: string): void => reject(new PluginError(`${shownUrl(url)}: ${message}`))
    const get = url.startsWith('https:') ? httpsGet : httpGet
    const request = get(url, { agent: agentFor(url, proxy, timeoutMs), timeout: timeoutMs, headers: { 'User-Agent': 'picgo-plugin-aliyun-oss-plus (migrate)' } }, (response: IncomingMessage) => {
      const status = response.statusCode ?? 0
      const location = response.headers.location
      if (status >= 300 && status < 400 && location !== undefined) {
        response.resume()
        if (redirects >= MAX_REDIRECTS) return fail(`more than ${MAX_REDIRECTS} redirects`)
        return fetchRemote(new URL(location, url).toString(), timeoutMs, proxy, redirects + 1).then(resolve, reject)
      }
      if (status !== 200) {
        response.resume()
        return fail(`HTTP ${status}`)
      }
      const chunks: Buffer[] = []
      let size = 0
      response.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (size > MAX_REMOTE_BYTES) {
          request.destroy()
          fail(`larger than ${MAX_REMOTE_BYTES / 1024 / 1024} MB`)
        } else chunks.push(chunk)
      })
      response.on('end', () => resolve(Buffer.concat(chunks)))
      response.on('error', (error) => fail(error.message))
      return undefined
    })
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)))
    request.on('error', (error) => fail(error.message))
  })
}

/** A URL as it may be printed: a query may hold another host's token or signature, so it is left out. */
export function shownUrl(url: string): string {
  const queryAt = url.search(/[?#]/)
  return queryAt < 0 ? url : `${url.slice(0, queryAt)}?…`
}
