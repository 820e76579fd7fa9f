import { lookup as dnsLookup } from 'dns'
import { get as httpGet, type IncomingMessage } from 'http'
import { get as httpsGet } from 'https'
import { isPrivateAddress } from './private-address'
import { agentFor } from '../../proxy/agents'
import type { ProxySetting } from '../../proxy/setting'

export interface HttpResponse {
  status: number
  contentType: string
  body: Buffer
}

export interface GetOptions {
  /** A larger body: the first bytes are kept ('truncate', default 1 MB) or the GET fails with ETOOLARGE ('fail'). */
  maxBytes?: number
  overLimit?: 'truncate' | 'fail'
  headers?: Record<string, string>
  /** PicGo's proxy ("picBed.proxy"), when set: every request of the exchange goes through it. */
  proxy?: ProxySetting
}

const MAX_REDIRECTS = 5
const MAX_BODY_BYTES = 1024 * 1024

/**
 * GET a URL as a browser would (following redirects), with node:http rather than the global fetch: the PicGo app
 * 2.3/2.4 runs Node 16.9, which has neither fetch nor AbortSignal.timeout. `timeoutMs` bounds the whole exchange,
 * redirects and body included (a server dripping a byte a second is cut off too), and each silence within it.
 * A redirect may lead to a loopback or private address only on the host the URL itself named: no other host can
 * send us to this machine or the local network. Rejects with an error whose `code` is the network error's
 * (ECONNREFUSED, ENOTFOUND, ETIMEDOUT, ETOOLARGE, EREDIRECTPRIVATE ...).
 */
export function getUrl(url: string, timeoutMs: number, options: GetOptions = {}): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const exchange: Exchange = { origin: new URL(url).hostname, timeoutMs, options, current: undefined, reject, abort }
    const deadline = setTimeout(() => abort(codedError(`not complete within ${timeoutMs} ms`, 'ETIMEDOUT')), timeoutMs)
    // The first reason wins: the request's own "socket hang up" after we cut it off says less.
    let failure: Error | undefined
    function abort(error: Error): void {
      failure = failure ?? error
      exchange.current?.destroy()
      exchange.reject(error)
    }
    exchange.reject = (error) => {
      clearTimeout(deadline)
      reject(failure ?? error)
    }
    getOnce(url, exchange, MAX_REDIRECTS, (response) => {
      clearTimeout(deadline)
      resolve(response)
    })
  })
}

interface Exchange {
  origin: string
  timeoutMs: number
  options: GetOptions
  current: ReturnType<typeof httpGet> | undefined
  reject: (error: Error) => void
  /** Cuts the exchange off with this reason. */
  abort: (error: Error) => void
}

function getOnce(url: string, exchange: Exchange, redirectsLeft: number, resolve: (response: HttpResponse) => void): void {
  const host = new URL(url).hostname
  const sameHost = host === exchange.origin
  if (!sameHost && isPrivateAddress(host)) return exchange.reject(privateRedirect(host))
  const get = url.startsWith('https:') ? httpsGet : httpGet
  const lookup = sameHost ? undefined : publicOnlyLookup(host)
  const agent = agentFor(url, exchange.options.proxy, exchange.timeoutMs)
  const request = get(url, { headers: exchange.options.headers, agent, ...(lookup ? { lookup } : {}) }, (response: IncomingMessage) => {
    const status = response.statusCode ?? 0
    const location = response.headers.location
    if (status >= 300 && status < 400 && location && redirectsLeft > 0) {
      response.resume()
      getOnce(new URL(location, url).toString(), exchange, redirectsLeft - 1, resolve)
      return
    }
    readBody(response, exchange).then((body) => resolve({ status, contentType: String(response.headers['content-type'] ?? ''), body }), exchange.reject)
  })
  exchange.current = request
  request.setTimeout(exchange.timeoutMs, () => exchange.abort(codedError(`no answer within ${exchange.timeoutMs} ms`, 'ETIMEDOUT')))
  request.on('error', exchange.reject)
}

function readBody(response: IncomingMessage, exchange: Exchange): Promise<Buffer> {
  const maxBytes = exchange.options.maxBytes ?? MAX_BODY_BYTES
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    response.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= maxBytes) chunks.push(chunk)
      else if (exchange.options.overLimit === 'fail') exchange.abort(tooLarge(maxBytes))
    })
    response.on('end', () => (size > maxBytes && exchange.options.overLimit === 'fail' ? reject(tooLarge(maxBytes)) : resolve(Buffer.concat(chunks))))
    response.on('error', reject)
    response.on('aborted', () => reject(codedError('the connection broke', 'ECONNRESET')))
  })
}

/** DNS for a host a redirect named: an answer on this machine or the local network is refused (no rebinding either). */
function publicOnlyLookup(host: string): typeof dnsLookup {
  return ((hostname: string, options: object, callback: (error: Error | null, address: unknown, family?: number) => void) => {
    dnsLookup(hostname, options, (error: NodeJS.ErrnoException | null, address: unknown, family?: number) => {
      const addresses = Array.isArray(address) ? (address as Array<{ address: string }>).map((a) => a.address) : [String(address)]
      if (error === null && addresses.some(isPrivateAddress)) return callback(privateRedirect(host), address, family)
      return callback(error, address, family)
    })
  }) as unknown as typeof dnsLookup
}

const privateRedirect = (host: string): Error =>
  codedError(
    `a redirect leads to ${host}, an address on this machine or the local network, which only a link naming it may reach: not followed`,
    'EREDIRECTPRIVATE'
  )

const tooLarge = (maxBytes: number): Error => codedError(`larger than ${maxBytes} bytes`, 'ETOOLARGE')

const codedError = (message: string, code: string): Error => Object.assign(new Error(message), { code })
