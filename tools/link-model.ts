// A loopback TCP proxy that models a home uplink in front of the local OSS server: every byte the client sends
// is paced at `upMbit` Mbit/s, each direction is delayed by half the round-trip time, and a new connection
// waits one round trip (the TCP handshake) before its first byte goes through. TLS is not modelled: both
// uploaders would pay it. Listens on 127.0.0.1 only and connects only to the origin given, on 127.0.0.1.
import { createServer, connect, type Server, type Socket } from 'net'

export interface LinkModelOptions {
  /** The server behind the link: 'http://127.0.0.1:PORT'. */
  origin: string
  /** Uplink (client → server) in Mbit/s. */
  upMbit: number
  /** Downlink in Mbit/s; answers are small, so it matters little. */
  downMbit: number
  rttMs: number
}

export interface LinkModel {
  /** 'http://127.0.0.1:PORT': the origin as seen through the link. */
  url: string
  /** Bytes the clients sent through the link since it started. */
  bytesUp(): number
  close(): Promise<void>
}

/** Starts the proxy; `close()` ends it and every connection it holds. */
export async function startLinkModel(options: LinkModelOptions): Promise<LinkModel> {
  const target = new URL(options.origin)
  if (target.hostname !== '127.0.0.1') throw new Error(`[link-model] Expected a 127.0.0.1 origin but received ${JSON.stringify(options.origin)}.`)
  const sockets = new Set<Socket>()
  let sent = 0
  const server = createServer((client) => {
    const upstream = connect(Number(target.port), '127.0.0.1')
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
      socket.on('error', () => {
        client.destroy()
        upstream.destroy()
      })
    }
    const opened = Date.now() + options.rttMs
    const up = new PacedPipe(upstream, options.upMbit, options.rttMs / 2, opened)
    const down = new PacedPipe(client, options.downMbit, options.rttMs / 2, opened)
    client.on('data', (chunk: Buffer) => {
      sent += chunk.length
      up.push(chunk)
    })
    upstream.on('data', (chunk: Buffer) => down.push(chunk))
    client.on('end', () => up.end())
    upstream.on('end', () => down.end())
  })
  const port = await listen(server)
  return {
    url: `http://127.0.0.1:${port}`,
    bytesUp: () => sent,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}

/**
 * One direction of the link: chunks leave in order, each when the line has carried the ones before it at the
 * given rate, and arrive one-way delay later. A single timer drains the queue, so order never depends on timers.
 */
class PacedPipe {
  private readonly queue: Array<{ at: number; chunk?: Buffer }> = []
  private lineFreeAt: number
  private timer: NodeJS.Timeout | undefined
  private readonly bytesPerMs: number

  constructor(
    private readonly out: Socket,
    mbit: number,
    private readonly oneWayMs: number,
    openedAt: number
  ) {
    this.bytesPerMs = (mbit * 1e6) / 8 / 1000
    this.lineFreeAt = openedAt
  }

  push(chunk: Buffer): void {
    this.lineFreeAt = Math.max(Date.now(), this.lineFreeAt) + chunk.length / this.bytesPerMs
    this.enqueue({ at: this.lineFreeAt + this.oneWayMs, chunk })
  }

  /** The peer closed its side: closed here too once everything before it has arrived. */
  end(): void {
    this.enqueue({ at: Math.max(Date.now(), this.lineFreeAt) + this.oneWayMs })
  }

  private enqueue(item: { at: number; chunk?: Buffer }): void {
    this.queue.push(item)
    if (this.timer === undefined) this.drain()
  }

  private drain(): void {
    this.timer = undefined
    const now = Date.now()
    while (this.queue.length > 0 && this.queue[0]!.at <= now) {
      const { chunk } = this.queue.shift()!
      if (this.out.destroyed) continue
      if (chunk) this.out.write(chunk)
      else this.out.end()
    }
    if (this.queue.length > 0) this.timer = setTimeout(() => this.drain(), this.queue[0]!.at - now)
  }
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      resolve(typeof address === 'object' && address ? address.port : 0)
    })
  })
}
