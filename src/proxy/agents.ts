/**
 * Node agents that send every request through PicGo's proxy: ali-oss (its `agent` and `httpsAgent` options) and the
 * plugin's own GETs use them. Plain http goes to the proxy in absolute form ("GET http://host:port/path"), https
 * through a CONNECT tunnel with TLS end to end, as PicGo's own uploaders do. Keep-alive sockets are unref'd by Node
 * while idle, so they never keep a `picgo upload` running.
 */
import { Agent as HttpAgent, type ClientRequest, type RequestOptions } from 'http'
import { Agent as HttpsAgent } from 'https'
import type { Duplex } from 'stream'
import { connect as tlsConnect, type ConnectionOptions } from 'tls'
import { openProxySocket, openTunnel } from './connect'
import type { ProxySetting } from './setting'

export interface ProxyAgents {
  http: HttpAgent
  https: HttpsAgent
}

type Callback = (error: Error | null, socket?: Duplex) => void
/** http.Agent's undocumented entry point (Node 0.x to 24), which every request passes before its head is written. */
interface AgentInternals {
  addRequest(request: ClientRequest, options: RequestOptions): void
}

/** "host:port" of where a request would have connected, IPv6 in brackets. */
function authorityOf(options: RequestOptions, defaultPort: number): string {
  const host = String(options.hostname ?? options.host ?? 'localhost')
  return `${host.includes(':') ? `[${host}]` : host}:${options.port ?? defaultPort}`
}

class AbsoluteFormAgent extends HttpAgent {
  constructor(
    private readonly proxy: ProxySetting,
    private readonly timeoutMs: number
  ) {
    super({ keepAlive: true })
  }

  // The request line is written with the first body byte or end(): changing the path here is in time.
  addRequest(request: ClientRequest, options: RequestOptions): void {
    request.path = `http://${authorityOf(options, 80)}${request.path}`
    if (this.proxy.authorization) request.setHeader('Proxy-Authorization', this.proxy.authorization)
    ;(HttpAgent.prototype as unknown as AgentInternals).addRequest.call(this, request, options)
  }

  createConnection(_options: RequestOptions, callback: Callback): undefined {
    openProxySocket(this.proxy, this.timeoutMs).then(
      (socket) => callback(null, socket),
      (error: Error) => callback(error)
    )
    return undefined
  }
}

class TunnelAgent extends HttpsAgent {
  constructor(
    private readonly proxy: ProxySetting,
    private readonly timeoutMs: number
  ) {
    super({ keepAlive: true })
  }

  createConnection(options: RequestOptions, callback: Callback): undefined {
    openTunnel(this.proxy, authorityOf(options, 443), this.timeoutMs).then(
      (socket) => callback(null, tlsConnect({ ...(options as ConnectionOptions), socket })),
      (error: Error) => callback(error)
    )
    return undefined
  }
}

const cache = new Map<string, ProxyAgents>()

/** The agents for this proxy, made once per proxy URL and timeout and shared by every client. */
export function proxyAgents(proxy: ProxySetting, timeoutMs: number): ProxyAgents {
  const id = `${proxy.host}\n${proxy.port}\n${proxy.authorization ?? ''}\n${timeoutMs}`
  let agents = cache.get(id)
  if (!agents) {
    agents = { http: new AbsoluteFormAgent(proxy, timeoutMs), https: new TunnelAgent(proxy, timeoutMs) }
    cache.set(id, agents)
  }
  return agents
}

/** The agent for one URL's request through the proxy, or undefined (Node's global agent) when no proxy is set. */
export function agentFor(url: string, proxy: ProxySetting | undefined, timeoutMs: number): HttpAgent | undefined {
  if (!proxy) return undefined
  const agents = proxyAgents(proxy, timeoutMs)
  return url.startsWith('https:') ? agents.https : agents.http
}
