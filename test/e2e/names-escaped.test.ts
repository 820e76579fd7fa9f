// A file name can neither forge PicGo's "[PicGo SUCCESS]" line and URL nor send terminal escapes: the real
// `picgo upload` CLI, a URL input served from 127.0.0.1, the local OSS server.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import sharp from 'sharp'
import { linkPlugin, runPicGo, writePicGoConfig } from '../../tools/picgo-home'
import { localSettings, tempDir } from '../helpers/picgo'
import { useOssServer } from '../helpers/oss-server'

const FORGED = '%0A[PicGo SUCCESS]:%20%0Ahttp:%2F%2Fevil.example%2Fx.png%1B[31m'
const server = useOssServer()
let web: Server
let home: string
let base: string

beforeAll(async () => {
  const png = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#224466' } })
    .png()
    .toBuffer()
  web = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'image/png' })
    response.end(request.url?.startsWith('/text/') ? 'not an image' : png)
  })
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(web.address() as AddressInfo).port}`
  home = tempDir('picgo-names-')
  linkPlugin(home)
})
afterAll(async () => {
  web.close()
})

test.each([
  ['the literal name from the report', `/a${FORGED.replace(/%2F/g, '/').replace('%1B[31m', '')}`],
  ['the same with its slashes encoded, so the whole tail is the file name', `/a${FORGED}`]
])(
  '%s prints no line of its own and no escape sequence',
  async (_, path) => {
    const result = await runPicGo(['-c', writePicGoConfig(home, localSettings(server)), 'upload', `${base}${path}`], home)
    const lines = result.stdout.replace(/\n$/, '').split('\n')
    expect(lines.filter((line) => line.startsWith('[PicGo SUCCESS]'))).toHaveLength(1)
    expect(lines.filter((line) => line.startsWith('http://evil.example'))).toEqual([])
    expect(result.stdout).not.toContain('\u001b')
    expect(lines.at(-1)).toMatch(new RegExp(`^${server.url}/test-bucket/img/[0-9a-f]{16}\\.png$`))
  },
  60_000
)

test("a failing file's name is escaped in the error too", async () => {
  const result = await runPicGo(['-c', writePicGoConfig(home, localSettings(server)), 'upload', `${base}/text/b${FORGED}`], home)
  const output = result.stdout + result.stderr
  expect(output).toMatch(/b\\n\[PicGo SUCCESS\]: \\nhttp:\/\/evil\.example\/x\.png\\x1b\[31m: not an image/)
  expect(output.split('\n').filter((line) => line.startsWith('http://evil.example'))).toEqual([])
  expect(output).not.toContain('\u001b')
}, 60_000)
