import { jpegOrientation } from '../../src/image/exif-orientation'
import { orientedJpeg, photoJpeg } from '../fixtures/images'

describe('jpegOrientation', () => {
  test.each([3, 6, 8])('reads orientation %i from the EXIF block', async (orientation) => {
    expect(jpegOrientation(await orientedJpeg(orientation))).toBe(orientation)
  })

  test('is 1 without EXIF, and for bytes that are not a JPEG', async () => {
    expect(jpegOrientation(await photoJpeg({ width: 16, height: 16 }))).toBe(1)
    expect(jpegOrientation(Buffer.from('not a jpeg'))).toBe(1)
  })

  test('reads past 0xFF fill bytes before the EXIF block, as libjpeg does', async () => {
    const jpeg = await orientedJpeg(6)
    const filled = Buffer.concat([jpeg.subarray(0, 2), Buffer.from([0xff, 0xff, 0xff]), jpeg.subarray(2)])
    expect(jpegOrientation(filled)).toBe(6)
  })

  test('reads past a marker without a length (RST0) before the EXIF block', async () => {
    const jpeg = await orientedJpeg(6)
    const withRst = Buffer.concat([jpeg.subarray(0, 2), Buffer.from([0xff, 0xd0]), jpeg.subarray(2)])
    expect(jpegOrientation(withRst)).toBe(6)
  })

  test('is 1 when the EXIF block runs past the end of the bytes', async () => {
    const jpeg = await orientedJpeg(6)
    const exifAt = jpeg.indexOf(Buffer.from('Exif\0\0')) - 4
    expect(jpegOrientation(jpeg.subarray(0, exifAt + 20))).toBe(1)
  })
})
