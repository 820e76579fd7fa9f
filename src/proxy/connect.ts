/**
 * The two ways onto the network through PicGo's proxy: a TCP connection to the proxy itself, and, for https, a
 * CONNECT tunnel through it (RFC 9110 §9.3.6). A failure is the proxy's, not OSS's: its error names "picBed.proxy"
 * and shows the proxy's URL without credentials, with a name of its own (retry.ts does not retry a refusal).
 */
import { connect as netConnect, type Socket } from 'net'
import { PROXY_REFUSED, PROXY_UNREACHABLE } from './failure'
import { PROXY_KEY, type ProxySetting } from './setting'

/** The proxy's answer to CONNECT is a status line and headers; more than this is no proxy. */
const MAX_ANSWER_BYTES = 16 * 1024

function proxyError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, code: name })
}

/** An open TCP connection to the proxy. */
export function openProxySocket(proxy: ProxySetting, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect(proxy.port, proxy.host)
    const fail = (reason: string): void => {
      socket.destroy()
      reject(proxyError(PROXY_UNREACHABLE, `could not connect to the proxy ${proxy.shown} set in "${PROXY_KEY}" (${reason})`))
    }
    const onError = (error: Error): void => fail(error.message)
    socket.setTimeout(timeoutMs, () => fail(`no connection within ${timeoutMs} ms`))
    socket.once('error', onError)
    socket.once('connect', () => {
      socket.setTimeout(0)
      socket.removeListener('error', onError)
      resolve(socket)
    })
  })
}

/** A socket whose bytes reach `authority` ("host:port") through the proxy, once the proxy answered 200 to CONNECT. */
export async function openTunnel(proxy: ProxySetting, authority: string, timeoutMs: number): Promise<Socket> {
  const socket = await openProxySocket(proxy, timeoutMs)
  const auth = proxy.authorization ? `Proxy-Authorization: ${proxy.authorization}\r\n` : ''
  socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${auth}\r\n`)
  const status = await readAnswerStatus(socket, timeoutMs).catch((error: Error) => {
    socket.destroy()
    throw proxyError(PROXY_UNREACHABLE, `the proxy ${proxy.shown} set in "${PROXY_KEY}" did not open a tunnel to ${authority} (${error.message})`)
  })
  if (/^HTTP\/1\.[01] 200\b/.test(status)) return socket
  socket.destroy()
  const hint = /^HTTP\/1\.[01] 407\b/.test(status)
    ? `: it wants a user and password, given in its URL as http://user:password@host:port`
    : `: check "${PROXY_KEY}", or ask the proxy's owner to allow ${authority}`
  throw proxyError(PROXY_REFUSED, `the proxy ${proxy.shown} set in "${PROXY_KEY}" refused the tunnel to ${authority} (${printableStatus(status)})${hint}`)
}

/** Reads the proxy's answer head and returns its status line; nothing after the head has been read. */
function readAnswerStatus(socket: Socket, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let head = Buffer.alloc(0)
    const finish = (error?: Error): void => {
      socket.removeListener('data', onData)
      socket.removeListener('error', finish)
      socket.removeListener('end', onEnd)
      socket.setTimeout(0)
      // Out of flowing mode: the bytes after the head belong to whoever takes the socket (TLS, for https).
      socket.pause()
      if (error) reject(error)
      else resolve(head.toString('latin1').split('\r\n')[0] ?? '')
    }
    const onEnd = (): void => finish(new Error('it closed the connection'))
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk])
      const end = head.indexOf('\r\n\r\n')
      if (end >= 0) {
        // A proxy sends nothing of the tunnel before the client speaks; anything after the head is put back.
        if (end + 4 < head.length) socket.unshift(head.subarray(end + 4))
        head = head.subarray(0, end)
        finish()
      } else if (head.length > MAX_ANSWER_BYTES) finish(new Error('its answer is not HTTP'))
    }
    socket.on('data', onData)
    socket.once('error', finish)
    socket.once('end', onEnd)
    socket.setTimeout(timeoutMs, () => finish(new Error(`no answer within ${timeoutMs} ms`)))
  })
}

/** "HTTP/1.1 403 Forbidden" as the proxy sent it, made safe to print. */
function printableStatus(status: string): string {
  return status.replace(/[^\x20-\x7e]/g, '?').slice(0, 100) || 'no status line'
}
