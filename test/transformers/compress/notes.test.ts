import type { OutputInfo } from 'sharp'
import { reasonOf } from '../../../src/errors'
import { describeEncode, describePixelLimit, percent } from '../../../src/transformers/compress/notes'

test.each([
  [0.123, '12%'],
  [0.004, '0.4%'],
  [1.5, '150%']
])('formats the fraction %f as %s', (fraction, text) => {
  expect(percent(fraction)).toBe(text)
})

test.each([
  [300_000_000, 100_000_000, '300 megapixels exceeds the 100 megapixel limit'],
  [2_450_000, 1_000_000, '2.5 megapixels exceeds the 1 megapixel limit'],
  [1536, 1000, '1536 pixels exceeds the 1000 pixel limit']
])('describes %i pixels over a %i limit', (pixels, limit, text) => {
  expect(describePixelLimit(pixels, limit)).toBe(text)
})

test('describes an encode with every step taken', () => {
  const info: OutputInfo = { format: 'jpeg', width: 1920, height: 1440, channels: 3, premultiplied: false, size: 1, hasAlpha: false }
  expect(
    describeEncode({
      format: 'jpeg',
      quality: 80,
      source: 'png',
      orientation: 6,
      resized: true,
      upright: { width: 4000, height: 3000 },
      info,
      remark: ''
    })
  ).toBe('jpeg q80, from png, resized 4000×3000 → 1920×1440, turned upright from EXIF orientation 6')
  expect(
    describeEncode({
      format: 'webp',
      quality: 75,
      source: 'gif',
      orientation: 1,
      resized: false,
      upright: { width: 10, height: 10 },
      info: { ...info, format: 'webp', pages: 12, pageHeight: 10 },
      remark: ''
    })
  ).toBe('webp q75, from gif, 12 frames')
  expect(
    describeEncode({
      format: 'png',
      quality: 100,
      lossless: 'truecolour',
      source: 'tiff',
      orientation: 1,
      resized: false,
      upright: { width: 10, height: 10 },
      info: { ...info, format: 'png' },
      remark: 'the only way to remove its EXIF/GPS'
    })
  ).toBe('png lossless, from tiff, the only way to remove its EXIF/GPS')
})

test('takes the first line of an error message', () => {
  expect(reasonOf(new Error('Input buffer has corrupt header: \nVipsJpeg: premature end'))).toBe('Input buffer has corrupt header')
  expect(reasonOf('plain')).toBe('plain')
})

test('says when a JPEG was written in one pass', () => {
  const info: OutputInfo = { format: 'jpeg', width: 10000, height: 10000, channels: 3, premultiplied: false, size: 1, hasAlpha: false }
  const summary = {
    format: 'jpeg' as const,
    quality: 80,
    source: 'png' as const,
    orientation: 1,
    resized: false,
    upright: { width: 10000, height: 10000 },
    info
  }
  expect(describeEncode({ ...summary, onePass: true, remark: 'photo-like and opaque' })).toBe(
    'jpeg q80, in one pass, as the picture is too big to optimise in memory, from png, photo-like and opaque'
  )
  expect(describeEncode({ ...summary, remark: '' })).toBe('jpeg q80, from png')
})
