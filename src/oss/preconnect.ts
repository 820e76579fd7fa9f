// Opens the client's first connection (TCP, and TLS for https) while the image is still encoding, so the PUT that
// follows the encode finds it open instead of waiting a round trip for it (two with TLS). Nothing is sent on it until
// ali-oss's own request takes it, so the server sees no extra request.
import type { Agent } from 'http'
import { isIP, type Socket } from 'net'
import type { OssClient } from './client'

/** An open connection nobody took is closed after this long (a long-lived PicGo GUI keeps no idle socket). */
const UNUSED_MS = 30_000

type ConnectionOptions = Record<string, unknown>
type CreateConnection = (options: ConnectionOptions, callback?: (error: Error | null, socket?: Socket) => void) => Socket | undefined

/** What of ali-oss's client this reads: its keep-alive agents and the URL it sends a bucket's requests to. */
interface ClientInternals {
  agent?: Agent
  httpsAgent?: Agent
  options: { bucket?: string }
  _getReqUrl?: (params: { bucket?: string; object?: string }) => string
}

interface AgentInternals {
  createConnection: CreateConnection
  getName: (options: ConnectionOptions) => string
  options?: ConnectionOptions
}

/**
 * Opens one connection to the bucket's endpoint on the agent ali-oss will use; the first request on that agent to the
 * same place (the agent's own key: host, port, TLS options) takes it. Best effort: any failure leaves the request to
 * open its own connection as before.
 */
export function preconnect(client: OssClient): void {
  const internals = client as unknown as ClientInternals
  if (typeof internals._getReqUrl !== 'function') return
  let url: URL
  try {
    url = new URL(internals._getReqUrl({ bucket: internals.options.bucket, object: 'preconnect' }))
  } catch {
    return
  }
  const https = url.protocol === 'https:'
  const agent = (https ? internals.httpsAgent : internals.agent) as unknown as AgentInternals | undefined
  if (agent === undefined || typeof agent.createConnection !== 'function' || typeof agent.getName !== 'function') return
  const host = url.hostname.replace(/^\[|\]$/g, '')
  // As Node's https agent names the server: by its host name, never by an IP (RFC 6066).
  const servername = https && isIP(host) === 0 ? { servername: host } : {}
  const target: ConnectionOptions = { ...agent.options, host, port: Number(url.port) || (https ? 443 : 80), ...servername }
  holdFor(agent, target)
}

/** Agents holding a connection now: a second preconnect before the first is taken would hand one socket out twice. */
const holding = new WeakSet<AgentInternals>()

function holdFor(agent: AgentInternals, target: ConnectionOptions): void {
  if (holding.has(agent)) return
  const open = agent.createConnection
  const key = agent.getName(target)
  let socket: Socket | undefined
  try {
    socket = open.call(agent, { ...target, _agentKey: key })
  } catch {
    return
  }
  if (socket === undefined) return
  const held = socket
  holding.add(agent)
  const ignore = (): void => undefined
  held.on('error', ignore)
  held.unref() // an open socket nobody takes must not keep `picgo upload` from exiting
  const restore = (): void => {
    holding.delete(agent)
    clearTimeout(timer)
    if (agent.createConnection === takeHeld) agent.createConnection = open
  }
  const timer = setTimeout(() => {
    restore()
    held.destroy()
  }, UNUSED_MS)
  timer.unref()
  function takeHeld(this: unknown, options: ConnectionOptions, callback?: Parameters<CreateConnection>[1]): Socket | undefined {
    restore()
    const sameTarget = (options._agentKey ?? agent.getName(options)) === key
    if (sameTarget && !held.destroyed && held.writable) {
      held.removeListener('error', ignore)
      held.ref()
      return held
    }
    held.destroy()
    return open.call(this, options, callback)
  }
  agent.createConnection = takeHeld
}
