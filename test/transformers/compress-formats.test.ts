/** The format per picture (settings "formats", issue 28): a photo-like PNG, an animated GIF, and what never changes. */
import sharp from 'sharp'
import { DEFAULTS as SETTING_DEFAULTS } from '../../src/settings/config'
import { compressOptionsOf } from '../../src/transformers'
import { compress } from '../../src/transformers/compress'
import { encoderOptions, type PaletteKind } from '../../src/image/encoder-options'
import type { Settings } from '../../src/settings/config'
import type { StageImage } from '../../src/transformers/types'
import { animatedGif, photoPixels, screenshotPng } from '../fixtures/images'

async function run(buffer: Buffer, settings: Partial<Settings> = {}): Promise<StageImage> {
  const image = { buffer, fileName: 'pasted.png', extname: '.png', contentType: 'image/png' }
  return compress(image, compressOptionsOf({ ...SETTING_DEFAULTS, ...settings }))
}

const lastNote = (image: StageImage): string => image.notes?.at(-1) ?? ''
const photo = (alpha?: number): Promise<Buffer> => {
  const pipeline = sharp(photoPixels(400, 300), { raw: { width: 400, height: 300, channels: 3 } })
  return (alpha === undefined ? pipeline : pipeline.ensureAlpha(alpha)).png().toBuffer()
}

/** A photo whose right half fades out: photo-like, but JPEG would flatten the fade onto white. */
async function fadingPhoto(): Promise<Buffer> {
  const { data } = await sharp(await photo(1))
    .raw()
    .toBuffer({ resolveWithObject: true })
  for (let y = 0; y < 300; y++) for (let x = 200; x < 400; x++) data[(y * 400 + x) * 4 + 3] = 255 - x / 2
  return sharp(data, { raw: { width: 400, height: 300, channels: 4 } })
    .png()
    .toBuffer()
}

describe('formats "compatible" (the default)', () => {
  test('stores an opaque photo-like PNG as a JPEG, smaller than its palette PNG', async () => {
    const input = await photo()
    const output = await run(input)
    expect(output).toMatchObject({ extname: '.jpg', contentType: 'image/jpeg', width: 400, height: 300 })
    expect(lastNote(output)).toMatch(/\(jpeg q80, from png, photo-like and opaque\)$/)
    const palette = await run(input, { formats: 'same' })
    expect(palette.contentType).toBe('image/png')
    expect(output.buffer.length).toBeLessThan(palette.buffer.length / 2)
  })

  test('an alpha channel that is opaque everywhere does not keep it a PNG', async () => {
    const output = await run(await photo(1))
    expect(output.contentType).toBe('image/jpeg')
  })

  test('keeps a photo-like PNG with transparent pixels a PNG: a JPEG would flatten them', async () => {
    const output = await run(await fadingPhoto())
    expect(output.contentType).toBe('image/png')
    expect((await sharp(output.buffer).metadata()).hasAlpha).toBe(true)
  })

  test('keeps a screenshot a palette PNG', async () => {
    const output = await run(await screenshotPng({ width: 800, height: 500 }))
    expect(output.contentType).toBe('image/png')
    expect(lastNote(output)).toMatch(/\(png palette q80\)$/)
  })

  test('leaves an animated GIF a GIF', async () => {
    const input = await animatedGif(4)
    const output = await run(input)
    expect(output.buffer.equals(input)).toBe(true)
  })
})

describe('formats "same"', () => {
  test('keeps a photo-like PNG a PNG and a static GIF a GIF', async () => {
    expect((await run(await photo(), { formats: 'same' })).contentType).toBe('image/png')
    const gif = await sharp(photoPixels(64, 64), { raw: { width: 64, height: 64, channels: 3 } })
      .gif()
      .toBuffer()
    expect((await run(gif, { formats: 'same' })).contentType).toBe('image/gif')
  })
})

describe('formats "modern"', () => {
  test('stores a photo-like PNG, transparent pixels and all, as an AVIF at the quality that looks like q80', async () => {
    const output = await run(await fadingPhoto(), { formats: 'modern' })
    expect(output).toMatchObject({ extname: '.avif', contentType: 'image/avif' })
    expect(lastNote(output)).toMatch(/\(avif q65, from png, photo-like\)$/)
    expect((await sharp(output.buffer).metadata()).hasAlpha).toBe(true)
  })

  test('stores an animated GIF as a lossless animated WebP with the same frames and pixels', async () => {
    const input = await animatedGif(4, 96)
    const output = await run(input, { formats: 'modern' })
    expect(output).toMatchObject({ extname: '.webp', contentType: 'image/webp' })
    expect(lastNote(output)).toMatch(/webp lossless, from gif, lossless, 4 frames/)
    const [before, after] = await Promise.all([input, output.buffer].map((bytes) => sharp(bytes, { animated: true }).ensureAlpha().raw().toBuffer()))
    expect(after!.equals(before!)).toBe(true)
  })

  test('keeps a screenshot a palette PNG', async () => {
    expect((await run(await screenshotPng({ width: 800, height: 500 }), { formats: 'modern' })).contentType).toBe('image/png')
  })
})

test('convertTo naming a format overrides formats', async () => {
  const output = await run(await photo(), { convertTo: 'webp', formats: 'modern' })
  expect(output.contentType).toBe('image/webp')
})

describe('a palette PNG per picture', () => {
  const paletteOf = (input: Buffer, kind: PaletteKind): Promise<Buffer> =>
    sharp(input)
      .png(encoderOptions('png', 80, { palette: kind }))
      .toBuffer()

  test.each(['compatible', 'modern', 'same'] as const)('a screenshot is encoded as flat art, without dither, under formats %s', async (formats) => {
    const input = await screenshotPng({ width: 800, height: 500 })
    const output = await run(input, { formats })
    expect(output.buffer.equals(await paletteOf(input, 'flat'))).toBe(true)
    expect(output.buffer.equals(await paletteOf(input, 'smooth'))).toBe(false)
  })

  test('a photo-like PNG that keeps its transparency stays dithered', async () => {
    const input = await fadingPhoto()
    const output = await run(input)
    expect(output.buffer.equals(await paletteOf(input, 'smooth'))).toBe(true)
  })
})
