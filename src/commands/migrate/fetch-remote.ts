import { PluginError } from '../../errors'
import { redactUrl } from '../../errors/redact'
import { getUrl } from '../shared/http-get'
import type { ProxySetting } from '../../proxy/setting'

/**
 * GETs a remote image through the one HTTP GET (getUrl: redirects followed, none to a private address of another
 * host, `timeoutMs` for the whole fetch), refusing a body over `maxBytes` instead of holding it in memory.
 */
export async function fetchRemote(url: string, timeoutMs: number, maxBytes: number, proxy?: ProxySetting): Promise<Buffer> {
  const fail = (message: string): PluginError => new PluginError(`${redactUrl(url)}: ${message}`)
  let response
  try {
    response = await getUrl(url, timeoutMs, { proxy, maxBytes, overLimit: 'fail', headers: { 'User-Agent': 'picgo-plugin-aliyun-oss-plus (migrate)' } })
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException
    throw fail(code === 'ETOOLARGE' ? `larger than ${maxBytes / 1024 / 1024} MB (the "maxInputMB" setting)` : message)
  }
  if (response.status >= 300 && response.status < 400) throw fail(`more than 5 redirects (HTTP ${response.status})`)
  if (response.status !== 200) throw fail(`HTTP ${response.status}`)
  return response.body
}
