import { createServer, type Server } from 'http'
import { request } from 'http'
import { startLinkModel } from '../../tools/link-model'

let echo: Server
let origin: string
beforeAll(async () => {
  echo = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => res.end(Buffer.concat(chunks)))
  })
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve))
  const address = echo.address()
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
})
afterAll(() => new Promise<void>((resolve) => echo.close(() => resolve())))

function post(url: string, body: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/echo`, { method: 'POST', agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve(Buffer.concat(chunks)))
    })
    req.on('error', reject)
    req.end(body)
  })
}

test('carries every byte both ways, in order, and counts what the client sent', async () => {
  const link = await startLinkModel({ origin, upMbit: 100, downMbit: 100, rttMs: 2 })
  try {
    const body = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 31) % 256))
    const answer = await post(link.url, body)
    expect(answer.equals(body)).toBe(true)
    expect(link.bytesUp()).toBeGreaterThan(body.length)
  } finally {
    await link.close()
  }
})

test('refuses an origin that is not on 127.0.0.1', async () => {
  await expect(startLinkModel({ origin: 'http://example.com:80', upMbit: 1, downMbit: 1, rttMs: 1 })).rejects.toThrow(/Expected a 127.0.0.1 origin/)
})
