// A damaged image never passes as a good one: sharp's partial decode is never stored; the original goes up as
// it is, with a WARN line naming the file and a GUI notification. Real PicGo, real sharp, the local OSS server.
import sharp from 'sharp'
import { photoJpeg, screenshotPng } from '../fixtures/images'
import { createPicGo, localSettings, type TestPicGo } from '../helpers/picgo'
import { useOssServer } from '../helpers/oss-server'
import { storedAt, uploadFiles } from '../helpers/upload'

const server = useOssServer()
let session: TestPicGo
/** What the plugin logged at WARN level. */
let warnings: string[]
beforeEach(() => {
  session = createPicGo(localSettings(server))
  warnings = []
  const warn = session.picgo.log.warn.bind(session.picgo.log)
  session.picgo.log.warn = (...args: unknown[]) => {
    warnings.push(args.join(' '))
    warn(...(args as [string]))
  }
})
afterEach(() => session.cleanup())

async function uploadStored(name: string, bytes: Buffer): Promise<Buffer> {
  const { urls, error } = await uploadFiles(session, { [name]: bytes })
  if (error) throw error
  return storedAt(server, urls[0]!).body
}

/** A PNG whose compressed pixel data is scrambled in the middle: the header and every chunk length stay valid. */
async function corruptPng(): Promise<Buffer> {
  const png = Buffer.from(await screenshotPng({ width: 300, height: 200 }))
  const idat = png.indexOf(Buffer.from('IDAT'))
  for (let i = idat + 200; i < idat + 400; i++) png[i] = png[i]! ^ 0x5a
  return png
}

test.each([
  ['a truncated JPEG', 'cut photo.jpg', async () => (await photoJpeg({ width: 320, height: 240 })).subarray(0, 9000)],
  [
    'a truncated PNG',
    'cut screen.png',
    async () => {
      const png = await screenshotPng()
      return png.subarray(0, Math.floor(png.length * 0.6))
    }
  ],
  ['a PNG with corrupt pixel data', 'corrupt.png', corruptPng]
])('%s is uploaded as it is, never as a re-encode of its partial decode, with a WARN and a notification', async (_, name, make) => {
  const input = await make()
  // sharp alone, as the old failOn 'none' did, decodes it with grey fill and no error:
  await expect(sharp(input, { failOn: 'none' }).png().toBuffer()).resolves.toBeInstanceOf(Buffer)

  const stored = await uploadStored(name, input)

  expect(stored.equals(input)).toBe(true)
  const warning = warnings.find((line) => line.includes(`[aliyun-oss-plus] ${name}: the image is damaged`))
  expect(warning).toMatch(/: the image is damaged \(.+\): uploaded the original bytes as they are, not compressed/)
  expect(session.notifications).toContainEqual({ title: `aliyun-oss-plus: ${name}`, body: expect.stringMatching(/the image is damaged/) })
})

test('a sound image raises no damage warning', async () => {
  await uploadStored('fine.jpg', await photoJpeg())
  expect(warnings).toEqual([])
  expect(session.notifications).toEqual([])
})
