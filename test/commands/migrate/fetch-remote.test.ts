// Issue 24: a remote fetch has a total deadline, and no host can redirect it to this machine unless the link named it.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fetchRemote } from '../../../src/commands/migrate/fetch-remote'

const PNG_HEAD = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
let server: Server
let port = 0

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/drip') {
      res.writeHead(200, { 'content-type': 'image/png' })
      let left = 40
      const drip = setInterval(() => {
        if (left-- <= 0 || res.destroyed) return void (clearInterval(drip), res.end())
        res.write(PNG_HEAD.subarray(0, 1))
      }, 200)
      res.on('close', () => clearInterval(drip))
      return
    }
    if (req.url === '/to-localhost') return void res.writeHead(302, { location: `http://localhost:${port}/image.png` }).end()
    if (req.url === '/to-same-host') return void res.writeHead(302, { location: '/image.png' }).end()
    res.writeHead(200, { 'content-type': 'image/png' }).end(PNG_HEAD)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})
afterAll(() => {
  server.closeAllConnections()
  server.close()
})

test('a server dripping a byte every 200 ms (never idle for the timeout) is cut off at the timeout, for the whole fetch', async () => {
  await expect(fetchRemote(`http://127.0.0.1:${port}/drip`, 1000, 1024)).rejects.toThrow(/\/drip: not complete within 1000 ms/)
})

test('a redirect to another host on this machine ("localhost" for a link to 127.0.0.1) is not followed', async () => {
  await expect(fetchRemote(`http://127.0.0.1:${port}/to-localhost`, 5000, 1024)).rejects.toThrow(
    /a redirect leads to localhost, an address on this machine or the local network.*not followed/
  )
})

test('a redirect on the host the link named is followed', async () => {
  expect((await fetchRemote(`http://127.0.0.1:${port}/to-same-host`, 5000, 1024)).equals(PNG_HEAD)).toBe(true)
})

test('a body over the cap is refused, naming the setting', async () => {
  await expect(fetchRemote(`http://127.0.0.1:${port}/image.png`, 5000, 4)).rejects.toThrow(/larger than .* MB \(the "maxInputMB" setting\)/)
})
