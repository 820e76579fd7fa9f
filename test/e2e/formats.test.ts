// The format per picture through the real PicGo API, real sharp and the local
// OSS server: a pasted photo-like PNG comes back as a .jpg URL whose object is a JPEG, a screenshot stays a PNG,
// and "formats" set in PicGo's config decides.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { sniffFormat } from '../../src/image/image-format'
import { startOssServer, type OssServer } from '../../tools/oss-server'
import { photoPixels, screenshotPng } from '../fixtures/images'
import { createPicGo, keyOfUrl, localSettings, TEST_AK } from '../helpers/picgo'

let server: OssServer
beforeAll(async () => {
  server = await startOssServer({ credentials: [TEST_AK] })
})
afterAll(() => server.close())

const photoPng = (): Promise<Buffer> => sharp(photoPixels(500, 375), { raw: { width: 500, height: 375, channels: 3 } }).png().toBuffer()

async function upload(name: string, bytes: Buffer, settings: Record<string, unknown> = {}): Promise<{ url: string; body: Buffer; contentType: string }> {
  const session = createPicGo(localSettings(server, settings))
  try {
    const file = join(session.dir, name)
    writeFileSync(file, bytes)
    const [item] = await session.picgo.upload([file]) as Array<{ imgUrl: string }>
    const object = server.getObject('test-bucket', keyOfUrl(item!.imgUrl))!
    return { url: item!.imgUrl, body: object.body, contentType: object.contentType }
  } finally {
    await session.cleanup()
  }
}

test('a photo-like PNG pasted with the default settings is stored as a JPEG under a .jpg URL', async () => {
  const stored = await upload('Screenshot 2026-12-03 at 10.12.png', await photoPng())
  expect(stored.url).toMatch(/\.jpg$/)
  expect(sniffFormat(stored.body)).toBe('jpeg')
  expect(stored.contentType).toBe('image/jpeg')
})

test('a screenshot stays a PNG under a .png URL', async () => {
  const stored = await upload('screen.png', await screenshotPng({ width: 800, height: 500 }))
  expect(stored.url).toMatch(/\.png$/)
  expect(sniffFormat(stored.body)).toBe('png')
})

test.each([
  ['same', 'png', /\.png$/],
  ['modern', 'avif', /\.avif$/]
])('formats "%s" in PicGo\'s config stores the photo-like PNG as %s', async (formats, format, url) => {
  const stored = await upload('photo.png', await photoPng(), { formats })
  expect(stored.url).toMatch(url)
  expect(sniffFormat(stored.body)).toBe(format)
})

test('a value PicGo\'s form could not have written is one sentence naming the setting and the value', async () => {
  const session = createPicGo(localSettings(server, { formats: 'newest' }), { debug: false })
  try {
    const file = join(session.dir, 'photo.png')
    writeFileSync(file, await photoPng())
    await session.picgo.upload([file])
    expect(session.logs.join('\n')).toMatch(/"formats".*"newest"/)
  } finally {
    await session.cleanup()
  }
})
