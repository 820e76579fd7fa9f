// A forward HTTP proxy on 127.0.0.1 for tests, which logs what passes: absolute-form requests ("GET http://…") for
// plain http, CONNECT for https (the bytes inside the tunnel are not read). It forwards to loopback addresses only,
// and can refuse everything or require a user and password (407), as corporate proxies do.
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'

export interface ProxyLogEntry {
  /** "GET", "PUT", "HEAD", … or "CONNECT". */
  method: string
  /** What the client asked for: the absolute URL, or "host:port" for CONNECT. */
  target: string
  /** The Proxy-Authorization header as received, if any. */
  proxyAuthorization?: string
}

export interface HttpProxyOptions {
  /** Answer 403 to every request and tunnel. */
  refuse?: boolean
  /** "user:password" the client must send as Basic Proxy-Authorization, or get 407. */
  credentials?: string
}

export interface HttpProxy {
  url: string
  port: number
  log: ProxyLogEntry[]
  close(): Promise<void>
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1'])
/** Where a loopback name is connected: the local servers listen on 127.0.0.1 only, and "localhost" may resolve to ::1. */
const address = (host: string): string => (host === 'localhost' ? '127.0.0.1' : host.replace(/^\[(.*)\]$/, '$1'))

function refusal(options: HttpProxyOptions, authorization: string | undefined, host: string): [number, string] | undefined {
  if (options.refuse) return [403, 'Forbidden']
  if (options.credentials && authorization !== `Basic ${Buffer.from(options.credentials).toString('base64')}`) return [407, 'Proxy Authentication Required']
  if (!LOOPBACK.has(host)) return [403, 'Forbidden']
  return undefined
}

function forward(client: IncomingMessage, answer: ServerResponse, options: HttpProxyOptions, log: ProxyLogEntry[]): void {
  const target = client.url ?? ''
  const authorization = client.headers['proxy-authorization']
  log.push({ method: client.method ?? '', target, proxyAuthorization: authorization })
  let url: URL
  try {
    url = new URL(target)
  } catch {
    answer.writeHead(400).end('absolute-form request expected')
    return
  }
  const refused = refusal(options, authorization, url.hostname)
  if (refused) {
    answer.writeHead(refused[0], refused[1], refused[0] === 407 ? { 'proxy-authenticate': 'Basic realm="test"' } : {}).end(`${refused[1]} (test proxy)`)
    return
  }
  // As RFC 9112 §3.2.2 has proxies do: the absolute URL's authority is the Host, whatever the client sent.
  const headers: Record<string, string | string[] | undefined> = { ...client.headers, host: url.host }
  delete headers['proxy-authorization']
  delete headers['proxy-connection']
  const upstream = request(
    { agent: false, host: address(url.hostname), port: url.port || 80, method: client.method, path: url.pathname + url.search, headers },
    (response) => {
      answer.writeHead(response.statusCode ?? 502, response.statusMessage, response.headers)
      response.pipe(answer)
    }
  )
  upstream.on('error', () => answer.destroy())
  client.pipe(upstream)
}

function tunnel(client: IncomingMessage, socket: Socket, head: Buffer, options: HttpProxyOptions, log: ProxyLogEntry[]): void {
  const target = client.url ?? ''
  const authorization = client.headers['proxy-authorization']
  log.push({ method: 'CONNECT', target, proxyAuthorization: authorization })
  const at = target.lastIndexOf(':')
  const host = target.slice(0, at)
  const refused = refusal(options, authorization, host)
  if (refused || at < 0) {
    const [status, phrase] = refused ?? [400, 'Bad Request']
    socket.end(`HTTP/1.1 ${status} ${phrase}\r\n${status === 407 ? 'Proxy-Authenticate: Basic realm="test"\r\n' : ''}Content-Length: 0\r\n\r\n`)
    return
  }
  const upstream = connect(Number(target.slice(at + 1)), address(host), () => {
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
    if (head.length > 0) upstream.write(head)
    upstream.pipe(socket)
    socket.pipe(upstream)
  })
  upstream.on('error', () => socket.destroy())
  socket.on('error', () => upstream.destroy())
  socket.on('close', () => upstream.destroy())
}

export async function startHttpProxy(options: HttpProxyOptions = {}): Promise<HttpProxy> {
  const log: ProxyLogEntry[] = []
  const sockets = new Set<Socket>()
  const server = createServer((client, answer) => forward(client, answer, options, log))
  server.on('connect', (client: IncomingMessage, socket: Socket, head: Buffer) => tunnel(client, socket, head, options, log))
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}
