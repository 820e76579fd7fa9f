// TLS in front of a plain-HTTP server on 127.0.0.1 (the local OSS server), for tests of https endpoints: each TLS
// connection is decrypted and piped to the server's port. The certificate is the self-signed one in
// test/fixtures/tls/ (127.0.0.1 and localhost); a client trusts it through NODE_EXTRA_CA_CERTS.
import { readFileSync } from 'node:fs'
import { connect, type AddressInfo, type Socket } from 'node:net'
import { join } from 'node:path'
import { createServer } from 'node:tls'
import { REPO_ROOT } from './picgo-home'

export const TEST_CERT = join(REPO_ROOT, 'test', 'fixtures', 'tls', 'localhost-cert.pem')
const TEST_KEY = join(REPO_ROOT, 'test', 'fixtures', 'tls', 'localhost-key.pem')

export interface TlsFront {
  url: string
  port: number
  close(): Promise<void>
}

export async function startTlsFront(targetPort: number): Promise<TlsFront> {
  const sockets = new Set<Socket>()
  const track = (socket: Socket): void => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  }
  const server = createServer({ key: readFileSync(TEST_KEY), cert: readFileSync(TEST_CERT) }, (secure) => {
    const plain = connect(targetPort, '127.0.0.1')
    track(secure)
    track(plain)
    secure.pipe(plain).pipe(secure)
    secure.on('error', () => plain.destroy())
    plain.on('error', () => secure.destroy())
    secure.on('close', () => plain.destroy())
    plain.on('close', () => secure.destroy())
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}
