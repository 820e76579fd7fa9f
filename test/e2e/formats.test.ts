// The format per picture through the real PicGo API, real sharp and the local OSS server: a pasted photo-like PNG
// comes back as a .jpg URL whose object is a JPEG, a screenshot stays a PNG, and "formats" set in PicGo's config decides.
import sharp from 'sharp'
import { sniffFormat } from '../../src/image/image-format'
import { photoPixels, screenshotPng } from '../fixtures/images'
import { useOssServer } from '../helpers/oss-server'
import { localSettings } from '../helpers/picgo'
import { storedAt, uploadFiles } from '../helpers/upload'

const server = useOssServer()

const photoPng = (): Promise<Buffer> =>
  sharp(photoPixels(500, 375), { raw: { width: 500, height: 375, channels: 3 } })
    .png()
    .toBuffer()

async function upload(name: string, bytes: Buffer, settings: Record<string, unknown> = {}): Promise<{ url: string; format?: string; contentType: string }> {
  const {
    urls: [url]
  } = await uploadFiles(localSettings(server, settings), { [name]: bytes })
  const stored = storedAt(server, url!)
  return { url: url!, format: sniffFormat(stored.body), contentType: stored.contentType }
}

test('a photo-like PNG pasted with the default settings is stored as a JPEG under a .jpg URL', async () => {
  const stored = await upload('Screenshot 2026-12-03 at 10.12.png', await photoPng())
  expect(stored).toMatchObject({ format: 'jpeg', contentType: 'image/jpeg' })
  expect(stored.url).toMatch(/\.jpg$/)
})

test('a screenshot stays a PNG under a .png URL', async () => {
  const stored = await upload('screen.png', await screenshotPng({ width: 800, height: 500 }))
  expect(stored.format).toBe('png')
  expect(stored.url).toMatch(/\.png$/)
})

test.each([
  ['same', 'png', /\.png$/],
  ['modern', 'avif', /\.avif$/]
])('formats "%s" in PicGo\'s config stores the photo-like PNG as %s', async (formats, format, url) => {
  const stored = await upload('photo.png', await photoPng(), { formats })
  expect(stored.format).toBe(format)
  expect(stored.url).toMatch(url)
})

test("a value PicGo's form could not have written is one sentence naming the setting and the value", async () => {
  const { logs, items } = await uploadFiles(localSettings(server, { formats: 'newest' }), { 'photo.png': await photoPng() }, { debug: false })
  expect(items.map((item) => item.imgUrl).filter(Boolean)).toEqual([])
  expect(logs.join('\n')).toMatch(/"formats".*"newest"/)
})
