import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { createPicGo, localSettings } from '../helpers/picgo'
import { useOssServer } from '../helpers/oss-server'

const server = useOssServer()
beforeEach(() => {
  server.clearLog()
  server.clearFaults()
})

async function photo(width = 320, height = 240, seed = 1): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3)
  for (let i = 0; i < raw.length; i++) raw[i] = (i * seed + (i % width) * 7) % 251
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 95 })
    .toBuffer()
}

async function screenshot(shade = 240): Promise<Buffer> {
  return sharp({ create: { width: 200, height: 120, channels: 4, background: { r: shade, g: 240, b: 245, alpha: 1 } } })
    .composite([
      {
        input: Buffer.from(
          '<svg width="200" height="120"><rect x="10" y="10" width="80" height="20" fill="#3366cc"/><text x="10" y="70" font-size="16">Hello</text></svg>'
        )
      }
    ])
    .png()
    .toBuffer()
}

/** GET a URL the plugin returned, from the local server (URLs point at it through customUrl). */
async function download(url: string): Promise<Buffer> {
  const response = await fetch(url)
  expect(response.status).toBe(200)
  return Buffer.from(await response.arrayBuffer())
}

// Different pixels per version: the same bytes twice would (rightly) be deduplicated.
describe.each([
  ['v4', 1],
  ['v1', 2]
])('upload through the real PicGo API, %s signatures', (signatureVersion, seed) => {
  test('stores PNG and JPEG files and returns URLs that serve exactly the stored bytes', async () => {
    const { picgo, dir, cleanup } = createPicGo(localSettings(server, { signatureVersion }))
    try {
      const files = [join(dir, 'shot.png'), join(dir, '中文 名字.jpg')]
      writeFileSync(files[0] as string, await screenshot(200 + seed))
      writeFileSync(files[1] as string, await photo(320, 240, seed))
      const output = await picgo.upload(files)
      if (output instanceof Error) throw output
      expect(output).toHaveLength(2)
      for (const item of output) {
        expect(item.imgUrl).toMatch(new RegExp(`^${server.url}/test-bucket/img/[0-9a-f]{16}\\.(png|jpg)$`))
        const key = decodeURIComponent(new URL(item.imgUrl as string).pathname.replace('/test-bucket/', ''))
        const stored = server.getObject('test-bucket', key)
        expect(stored).toBeDefined()
        expect(await download(item.imgUrl as string)).toEqual(stored?.body)
      }
      const auth = server.requests.filter((r) => r.method === 'PUT').map((r) => r.headers.authorization ?? '')
      expect(auth).toHaveLength(2)
      for (const header of auth) expect(header.startsWith(signatureVersion === 'v4' ? 'OSS4-HMAC-SHA256 ' : 'OSS ')).toBe(true)
      expect(server.requests.filter((r) => r.method === 'PUT').every((r) => r.headers['content-md5'])).toBe(true)
    } finally {
      await cleanup()
    }
  })
})

test('a wrong secret fails with SignatureDoesNotMatch and its request id, and never shows the secret', async () => {
  const wrongSecret = 'wrong-secret-abcdef123456'
  const { picgo, dir, logs, notifications, cleanup } = createPicGo(localSettings(server, { accessKeySecret: wrongSecret }))
  try {
    const file = join(dir, 'a.png')
    writeFileSync(file, await screenshot())
    await expect(picgo.upload([file])).rejects.toThrow(
      /\[PUT\] img\/[0-9a-f]{16}\.png \(a\.png\): 403 SignatureDoesNotMatch \(request id [0-9A-F]{24}\): check "accessKeySecret"/
    )
    expect(notifications).toHaveLength(1)
    expect(notifications[0]?.body).toMatch(/a\.png: .*SignatureDoesNotMatch/)
    const everything = [...logs, ...notifications.map((n) => n.title + n.body)].join('\n')
    expect(everything).toContain('SignatureDoesNotMatch')
    expect(everything).not.toContain(wrongSecret)
  } finally {
    await cleanup()
  }
})

test('missing settings fail before any request, naming the setting', async () => {
  const { picgo, dir, notifications, cleanup } = createPicGo({ ...localSettings(server), bucket: '' })
  try {
    const file = join(dir, 'a.png')
    writeFileSync(file, await screenshot())
    await expect(picgo.upload([file])).rejects.toThrow('[aliyun-oss-plus] Missing required setting "bucket"')
    expect(notifications[0]?.body).toContain('Missing required setting "bucket"')
    expect(server.requests).toHaveLength(0)
  } finally {
    await cleanup()
  }
})
