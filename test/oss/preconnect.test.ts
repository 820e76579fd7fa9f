import { spawn } from 'node:child_process'
import { connect, createServer, type Server, type Socket } from 'node:net'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import OSS from 'ali-oss'
import { HttpsAgent } from 'agentkeepalive'
import type { OssClient } from '../../src/oss/client'
import { preconnect } from '../../src/oss/preconnect'
import { type OssServer, startOssServer } from '../../tools/oss-server'
import { startTlsFront, TEST_CERT, type TlsFront } from '../../tools/tls-front'

/** A TCP relay in front of the local OSS server that counts the connections it accepts and the bytes on each. */
interface Relay {
  url: string
  connections: Array<{ bytesIn: number; closed: Promise<void> }>
  nextConnection(): Promise<void>
  /** Closes each new connection at once instead of relaying it. */
  refuse: boolean
  close(): Promise<void>
}

async function startRelay(target: { port: number }): Promise<Relay> {
  const sockets = new Set<Socket>()
  let waiting: Array<() => void> = []
  const relay: Relay = {
    url: '',
    connections: [],
    refuse: false,
    nextConnection: () => new Promise((resolve) => waiting.push(resolve)),
    close: () => {
      for (const socket of sockets) socket.destroy()
      return new Promise((resolve) => server.close(() => resolve()))
    }
  }
  const server: Server = createServer((client) => {
    sockets.add(client)
    const record = { bytesIn: 0, closed: new Promise<void>((resolve) => client.on('close', () => resolve())) }
    relay.connections.push(record)
    for (const resolve of waiting) resolve()
    waiting = []
    if (relay.refuse) {
      client.destroy()
      return
    }
    const upstream = connect(target.port, '127.0.0.1')
    sockets.add(upstream)
    client.on('data', (chunk: Buffer) => {
      record.bytesIn += chunk.length
    })
    client.pipe(upstream).pipe(client)
    client.on('error', () => upstream.destroy())
    upstream.on('error', () => client.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const address = server.address()
  relay.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  return relay
}

/** A raw ali-oss client, as createClient() makes it (OssClient is the plugin's typed view of the same object). */
function clientFor(url: string, options: Partial<OSS.Options> = {}): OSS & OssClient {
  return new OSS({
    accessKeyId: 'test-ak',
    accessKeySecret: 'test-secret',
    bucket: 'test-bucket',
    region: 'oss-cn-hangzhou',
    endpoint: url,
    timeout: 5000,
    ...options
  }) as OSS & OssClient
}

async function withinMs<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([
      promise,
      new Promise<T>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms)
      })
    ])
  } finally {
    clearTimeout(timer)
  }
}

describe('preconnect (the upload connection opened while the image encodes)', () => {
  let server: OssServer
  let relay: Relay

  beforeEach(async () => {
    server = await startOssServer()
    relay = await startRelay(server)
  })

  afterEach(async () => {
    await relay.close()
    await server.close()
  })

  test('a second preconnect while the first connection waits opens nothing more, and each request gets its own socket', async () => {
    const client = clientFor(relay.url)
    const opened = relay.nextConnection()
    preconnect(client)
    preconnect(client) // every encode of a batch asks; one connection is held
    await withinMs(opened, 2000, 'connection')
    expect(relay.connections).toHaveLength(1)
    await Promise.all([client.put('img/a.txt', Buffer.from('a')), client.put('img/b.txt', Buffer.from('b'))])
    expect(relay.connections).toHaveLength(2)
    expect(server.requests.filter((request) => request.method === 'PUT')).toHaveLength(2)
  })

  test('opens a connection before any request, and the first request goes over it', async () => {
    const client = clientFor(relay.url)
    const opened = relay.nextConnection()
    preconnect(client)
    await withinMs(opened, 2000, 'connection')
    expect(relay.connections).toHaveLength(1)
    expect(relay.connections[0]?.bytesIn).toBe(0) // nothing sent: the server sees no extra request

    await client.put('img/first.txt', Buffer.from('hello'))
    expect(relay.connections).toHaveLength(1)
    expect(relay.connections[0]?.bytesIn).toBeGreaterThan(0)
    expect(server.requests.filter((request) => request.method === 'PUT')).toHaveLength(1)
  })

  test('a connection the server closed before the request is left alone: the request opens its own', async () => {
    relay.refuse = true
    const client = clientFor(relay.url)
    const opened = relay.nextConnection()
    preconnect(client)
    await withinMs(opened, 2000, 'connection')
    await relay.connections[0]?.closed
    await new Promise((resolve) => setTimeout(resolve, 50)) // the close reaches the client's socket
    relay.refuse = false

    await client.put('img/second.txt', Buffer.from('hello'))
    expect(relay.connections).toHaveLength(2)
    expect(server.requests.filter((request) => request.method === 'PUT')).toHaveLength(1)
  })

  test('over https, the TLS connection is opened (handshake included) before the request, which goes over it', async () => {
    const tls: TlsFront = await startTlsFront(server.port)
    const tlsRelay = await startRelay({ port: tls.port })
    try {
      // The test certificate is trusted through the agent, as ali-oss takes no CA of its own.
      const httpsAgent = new HttpsAgent({ ca: readFileSync(TEST_CERT) })
      // The bucket's own domain (cname): the name the certificate and the request's Host header both carry.
      const client = clientFor(tlsRelay.url.replace('http://127.0.0.1', 'https://localhost'), { httpsAgent, cname: true } as Partial<OSS.Options>)
      const opened = tlsRelay.nextConnection()
      preconnect(client)
      await withinMs(opened, 2000, 'connection')
      await new Promise((resolve) => setTimeout(resolve, 200))
      expect(tlsRelay.connections[0]?.bytesIn).toBeGreaterThan(0) // the ClientHello went out before any request

      await client.put('img/tls.txt', Buffer.from('hello'))
      expect(tlsRelay.connections).toHaveLength(1)
      expect(server.requests.filter((request) => request.method === 'PUT')).toHaveLength(1)
      httpsAgent.destroy()
    } finally {
      await tlsRelay.close()
      await tls.close()
    }
  })

  test('an open connection nobody takes does not keep the process from exiting', async () => {
    const script = [
      `const OSS = require(${JSON.stringify(require.resolve('ali-oss'))})`,
      `const { preconnect } = require(${JSON.stringify(join(__dirname, '..', '..', 'dist', 'oss', 'preconnect.js'))})`,
      `preconnect(new OSS({ accessKeyId: 'ak', accessKeySecret: 's', bucket: 'test-bucket', region: 'oss-cn-hangzhou', endpoint: ${JSON.stringify(relay.url)} }))`
    ].join('\n')
    const opened = relay.nextConnection()
    const started = Date.now()
    const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' })
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    await withinMs(opened, 5000, 'connection')
    expect(await withinMs(exited, 5000, 'exit')).toBe(0)
    expect(Date.now() - started).toBeLessThan(5000)
  })
})
