import sharp from 'sharp'
import { estimateJpegQuality } from '../../src/image/jpeg-quality'
import { photoJpeg, photoPixels } from '../fixtures/images'

describe('estimateJpegQuality', () => {
  test.each([1, 10, 25, 50, 75, 80, 90, 95, 100])('finds quality %i in a libjpeg file', async (quality) => {
    expect(estimateJpegQuality(await photoJpeg({ width: 32, height: 32, quality }))).toBe(quality)
  })

  test('reads the table of a greyscale JPEG', async () => {
    const grey = await sharp(photoPixels(32, 32), { raw: { width: 32, height: 32, channels: 3 } })
      .greyscale()
      .jpeg({ quality: 70 })
      .toBuffer()
    expect(estimateJpegQuality(grey)).toBe(70)
  })

  test("rates mozjpeg's own tables at q80 a little lower (its tables are steeper)", async () => {
    const moz = await sharp(await photoJpeg({ width: 32, height: 32 }))
      .jpeg({ quality: 80, mozjpeg: true })
      .toBuffer()
    const estimate = estimateJpegQuality(moz)!
    expect(estimate).toBeGreaterThanOrEqual(70)
    expect(estimate).toBeLessThanOrEqual(80)
  })

  test.each([
    ['fill bytes', [0xff, 0xff, 0xff]],
    ['a marker without a length (TEM)', [0xff, 0x01]],
    ['a marker without a length (RST3)', [0xff, 0xd3]]
  ])('reads the tables past %s after SOI, as libjpeg does', async (_name, bytes) => {
    const jpeg = await photoJpeg({ width: 32, height: 32, quality: 85 })
    expect(estimateJpegQuality(Buffer.concat([jpeg.subarray(0, 2), Buffer.from(bytes), jpeg.subarray(2)]))).toBe(85)
  })

  test.each([
    ['a PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
    ['an empty buffer', Buffer.alloc(0)],
    ['a JPEG cut off before its tables', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a])]
  ])('gives undefined for %s', (_name, bytes) => {
    expect(estimateJpegQuality(bytes)).toBeUndefined()
  })
})
