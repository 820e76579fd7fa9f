import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getUrl } from '../../../src/commands/shared/http-get'

let server: Server
let base = ''

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/moved') return void res.writeHead(302, { location: '/here' }).end()
    if (req.url === '/loop') return void res.writeHead(301, { location: '/loop' }).end()
    if (req.url === '/silent') return // never answers
    res.writeHead(req.url === '/here' ? 200 : 404, { 'content-type': 'image/png' }).end(req.url)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => {
  server.closeAllConnections()
  server.close()
})

test('follows redirects, as a browser does, and returns the status, the content type and the body', async () => {
  expect(await getUrl(`${base}/moved`, 5000)).toEqual({ status: 200, contentType: 'image/png', body: Buffer.from('/here') })
})

test('stops following after five redirects and returns the last answer', async () => {
  expect((await getUrl(`${base}/loop`, 5000)).status).toBe(301)
})

test('a server that does not answer in time fails with ETIMEDOUT', async () => {
  await expect(getUrl(`${base}/silent`, 1000)).rejects.toMatchObject({ code: 'ETIMEDOUT' })
})

test('a refused connection fails with ECONNREFUSED', async () => {
  await expect(getUrl('http://127.0.0.1:9/', 1000)).rejects.toMatchObject({ code: 'ECONNREFUSED' })
})
