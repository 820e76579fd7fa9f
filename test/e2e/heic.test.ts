// iPhone photos (HEIC, HEVC inside) through the real PicGo: sharp's prebuilt binaries cannot decode HEVC, so the
// file goes up as it is, its EXIF/GPS blanked, with a WARN that browsers cannot show it. The fixture was made
// once with Debian's heif-enc (test/fixtures/heic/README.md).
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { sniffFormat } from '../../src/image/image-format'
import { createPicGo, keyOfUrl, localSettings } from '../helpers/picgo'
import { useOssServer } from '../helpers/oss-server'

const HEIC = readFileSync(join(__dirname, '..', 'fixtures', 'heic', 'gps-64x48.heic'))
const server = useOssServer()

test('the fixture really is a HEVC HEIC with EXIF that this sharp reads but cannot decode', async () => {
  expect(HEIC.includes(Buffer.from('FixtureCam'))).toBe(true)
  const meta = await sharp(HEIC).metadata()
  expect(meta).toMatchObject({ format: 'heif', compression: 'hevc', width: 64, height: 48 })
  await expect(sharp(HEIC).jpeg().toBuffer()).rejects.toThrow(/HEVC/)
})

test.each([
  ['default settings', {}, true],
  ['convertTo: "webp"', { convertTo: 'webp' }, true],
  ['compress: false', { compress: false }, false]
])('with %s a HEIC goes up as image/heic, EXIF/GPS blanked in place, never a confusing error', async (_, overrides, warns) => {
  const session = createPicGo(localSettings(server, overrides))
  const warnings: string[] = []
  const warn = session.picgo.log.warn.bind(session.picgo.log)
  session.picgo.log.warn = (...args: unknown[]) => {
    warnings.push(args.join(' '))
    warn(...(args as [string]))
  }
  try {
    const file = join(session.dir, 'IMG_0001.HEIC')
    writeFileSync(file, HEIC)
    const [item] = (await session.picgo.upload([file])) as Array<{ imgUrl: string }>
    const stored = server.getObject('test-bucket', keyOfUrl(item!.imgUrl))!
    expect(keyOfUrl(item!.imgUrl)).toMatch(/\.heic$/)
    expect(stored.contentType).toBe('image/heic')
    expect(sniffFormat(stored.body)).toBe('heif')
    expect(stored.body.includes(Buffer.from('FixtureCam'))).toBe(false)
    expect(stored.body.length).toBe(HEIC.length)
    expect((await sharp(stored.body).metadata()).width).toBe(64)
    if (warns) {
      expect(warnings).toEqual([expect.stringMatching(/IMG_0001\.HEIC: HEIC uploaded as it is: most browsers .* cannot show it.*"convertTo"/)])
      expect(session.notifications).toHaveLength(1)
    } else expect(warnings).toEqual([])
  } finally {
    await session.cleanup()
  }
})
