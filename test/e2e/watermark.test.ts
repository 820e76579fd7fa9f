// The watermark through the real PicGo: switching it on, changing its text or its image file gives a new key for the
// same input; the known-images file never hands back the URL of the image without (or with another) watermark.
import { writeFileSync } from 'fs'
import { join } from 'path'
import sharp from 'sharp'
import { photoJpeg } from '../fixtures/images'
import { createPicGo, keyOfUrl, localSettings, tempDir, type TestPicGo } from '../helpers/picgo'
import { useOssServer } from '../helpers/oss-server'
import { uploadFiles } from '../helpers/upload'

const server = useOssServer()
let dir: string
const sessions: TestPicGo[] = []

beforeAll(async () => {
  dir = tempDir()
})
afterAll(async () => {
  await Promise.all(sessions.map((session) => session.cleanup()))
})

async function uploadFrom(file: string, settings: Record<string, unknown> = {}): Promise<{ url: string; logs: string }> {
  const session = createPicGo(localSettings(server, settings), { dir })
  sessions.push(session)
  const { urls, error, logs } = await uploadFiles(session, [file])
  if (error) throw error
  return { url: String(urls[0]), logs: logs.join('\n') }
}

async function logo(colour: string): Promise<Buffer> {
  return sharp({ create: { width: 80, height: 40, channels: 4, background: colour } })
    .png()
    .toBuffer()
}

test('switching the watermark on, changing its text or its image bytes each gives a new key for the same input', async () => {
  const photo = join(dir, 'photo.jpg')
  writeFileSync(photo, await photoJpeg({ width: 640, height: 480, quality: 95, seed: 29 }))
  const plain = await uploadFrom(photo)
  expect(await uploadFrom(photo).then((again) => again.url)).toBe(plain.url)

  const marked = await uploadFrom(photo, { watermark: 'text', watermarkText: '© 我的博客' })
  expect(marked.logs).toMatch(/watermarked/)
  expect(marked.logs).not.toMatch(/known image/)
  expect(keyOfUrl(marked.url)).not.toBe(keyOfUrl(plain.url))

  const otherText = await uploadFrom(photo, { watermark: 'text', watermarkText: '© 另一个博客' })
  expect(new Set([plain.url, marked.url, otherText.url]).size).toBe(3)

  const logoFile = join(dir, 'logo.png')
  writeFileSync(logoFile, await logo('#ff0000'))
  const red = await uploadFrom(photo, { watermark: 'image', watermarkImage: logoFile })
  writeFileSync(logoFile, await logo('#00ff00'))
  const green = await uploadFrom(photo, { watermark: 'image', watermarkImage: logoFile })
  expect(green.logs).not.toMatch(/known image/)
  expect(new Set([plain.url, marked.url, otherText.url, red.url, green.url]).size).toBe(5)
  // The same watermark again is a known image: one HEAD, the same URL.
  expect((await uploadFrom(photo, { watermark: 'image', watermarkImage: logoFile })).url).toBe(green.url)
})

test('a watermark file that is not there is refused in one sentence naming the setting and the path', async () => {
  const photo = join(dir, 'photo2.jpg')
  writeFileSync(photo, await photoJpeg({ width: 640, height: 480, quality: 95, seed: 30 }))
  await expect(uploadFrom(photo, { watermark: 'image', watermarkImage: join(dir, 'missing.png') })).rejects.toThrow(
    /Expected a readable PNG or SVG file \(ENOENT\) for "watermarkImage" but received .*missing\.png/
  )
})

test('a watermark file sharp cannot read fails the upload as a watermarkImage problem naming the file (escaped), not as a damaged image', async () => {
  const photo = join(dir, 'photo3.jpg')
  writeFileSync(photo, await photoJpeg({ width: 640, height: 480, quality: 95, seed: 31 }))
  const broken = join(dir, 'broken\nlogo.png')
  writeFileSync(broken, Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from('not a PNG after all')]))
  const upload = uploadFrom(photo, { watermark: 'image', watermarkImage: broken })
  const error = await upload.then(
    () => undefined,
    (thrown: unknown) => thrown as Error
  )
  expect(error?.message).toMatch(/Expected a PNG or SVG file the watermark can draw \(.+\) for "watermarkImage" but received ".*broken\\nlogo\.png"/)
  expect(error?.message).not.toMatch(/damaged/)
})

test('watermarkAnimated on: an animated GIF is uploaded with its frames marked, under a key of its own', async () => {
  const frames = await Promise.all(
    ['#c02828', '#28a028'].map((background) =>
      sharp({ create: { width: 400, height: 400, channels: 3, background } })
        .raw()
        .toBuffer()
    )
  )
  const animation = join(dir, 'anim.gif')
  writeFileSync(
    animation,
    await sharp(Buffer.concat(frames), { raw: { width: 400, height: 800, channels: 3, pageHeight: 400 } as never })
      .gif({ loop: 0 })
      .toBuffer()
  )
  const settings = { watermark: 'text', watermarkText: '© 我的博客' }
  const unmarked = await uploadFrom(animation, settings)
  expect(unmarked.logs).toMatch(/kept original: .*no watermark/)
  const marked = await uploadFrom(animation, { ...settings, watermarkAnimated: true })
  expect(marked.logs).toMatch(/watermarked, 2 frames/)
  expect(marked.logs).not.toMatch(/known image/)
  expect(keyOfUrl(marked.url)).not.toBe(keyOfUrl(unmarked.url))
})
