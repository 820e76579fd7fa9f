import sharp from 'sharp'
import { DEFAULTS as SETTING_DEFAULTS } from '../../src/settings/config'
import { compressOptionsOf } from '../../src/transformers'
import { compress, type CompressOptions } from '../../src/transformers/compress'
import type { StageImage } from '../../src/transformers/types'
import {
  bmpImage,
  animatedGif,
  exifIfd0Tags,
  insertPngChunk,
  jpegWithGps,
  jpegWithIcc,
  orientedJpeg,
  photoJpeg,
  photoPixels,
  pixelAt,
  pngHeaderClaiming,
  pngWithMetadata,
  QUADRANTS,
  screenshotPng,
  svgImage,
  tinyOptimalPng,
  webpWithMetadata,
  type Rgb
} from '../fixtures/images'
import { box, FIXTURE_MAKE, JXL_CODESTREAM, JXL_CONTAINER_START, jxlWithExif, tiffWithGps } from '../fixtures/tiff-jxl'

const DEFAULTS: CompressOptions = compressOptionsOf(SETTING_DEFAULTS)

function stageImage(buffer: Buffer, fileName = 'image.bin'): StageImage {
  const extname = fileName.slice(fileName.lastIndexOf('.'))
  return { buffer, fileName, extname, contentType: 'application/octet-stream' }
}

async function run(buffer: Buffer, options: Partial<CompressOptions> = {}, fileName?: string): Promise<StageImage> {
  return compress(stageImage(buffer, fileName), { ...DEFAULTS, ...options })
}

const lastNote = (image: StageImage): string => image.notes?.at(-1) ?? ''

function expectColour(actual: Rgb, expected: Rgb): void {
  actual.forEach((value, channel) => expect(Math.abs(value - expected[channel]!)).toBeLessThan(40))
}

describe('compress: formats and size', () => {
  test.each([
    ['a noisy photo JPEG (q95)', () => photoJpeg(), 'jpeg', '.jpg', 'image/jpeg', 256, 192],
    ['a screenshot PNG', () => screenshotPng(), 'png', '.png', 'image/png', 300, 200],
    ['a WebP with metadata', () => webpWithMetadata(), 'webp', '.webp', 'image/webp', 96, 64]
  ])('re-encodes %s into a smaller file of the same format and size', async (_name, make, format, extname, contentType, width, height) => {
    const input = await make()
    const output = await run(input)
    expect(output.buffer.length).toBeLessThan(input.length * 0.95)
    expect(output).toMatchObject({ extname, contentType, width, height })
    const meta = await sharp(output.buffer).metadata()
    expect(meta).toMatchObject({ format, width, height })
    expect(lastNote(output)).toMatch(new RegExp(`^compressed .+ → .+ \\(${format}`))
  })

  test('names the output by its real format, not the file name', async () => {
    const output = await run(await screenshotPng(), {}, 'screenshot.jpg')
    expect(output).toMatchObject({ extname: '.png', contentType: 'image/png' })
  })

  test('keeps earlier notes and appends its own', async () => {
    const output = await compress({ ...stageImage(await photoJpeg()), notes: ['earlier'] }, DEFAULTS)
    expect(output.notes).toEqual(['earlier', expect.stringMatching(/^compressed/)])
  })

  test.each([
    ['jpeg', () => photoJpeg()],
    ['webp', () => webpWithMetadata()],
    ['png', () => screenshotPng()]
  ])('gives a bigger %s file at a higher quality', async (_format, make) => {
    const input = await make()
    const low = await run(input, { quality: 40 })
    const high = await run(input, { quality: 90 })
    expect(high.buffer.length).toBeGreaterThan(low.buffer.length)
  })

  test("keeps a PNG's alpha channel", async () => {
    const output = await run(await screenshotPng({ alpha: true }))
    const meta = await sharp(output.buffer).metadata()
    expect(meta).toMatchObject({ format: 'png', hasAlpha: true })
    const { data, info } = await sharp(output.buffer).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
    expect(data[(10 * info.width + info.width - 5) * 4 + 3]).toBeLessThan(128) // right edge fades out
    expect(data[(10 * info.width + 5) * 4 + 3]).toBe(255)
  })
})

describe('compress: the encode', () => {
  test("skips mozjpeg's scan search, which is lossless: the pixels are those of the full mozjpeg preset", async () => {
    const input = await photoJpeg({ quality: 95 })
    const output = await run(input)
    const preset = await sharp(input).keepIccProfile().jpeg({ quality: 80, mozjpeg: true }).toBuffer()
    expect(output.buffer.equals(preset)).toBe(false)
    const pixels = (image: Buffer): Promise<Buffer> => sharp(image).raw().toBuffer()
    expect((await pixels(output.buffer)).equals(await pixels(preset))).toBe(true)
  })

  test('calls whileEncoding once per encode, before the encode has finished, and not for a kept original', async () => {
    const events: string[] = []
    const pending = run(await photoJpeg({ quality: 95 }), { whileEncoding: () => events.push('while encoding') }).then(() => events.push('encoded'))
    await pending
    expect(events).toEqual(['while encoding', 'encoded'])
    const kept: string[] = []
    await run(svgImage(), { whileEncoding: () => kept.push('called') })
    expect(kept).toEqual([])
  })
})

describe('compress: orientation', () => {
  test.each([2, 3, 4, 5, 6, 7, 8])('turns EXIF orientation %i upright, with no orientation tag left', async (orientation) => {
    const input = await orientedJpeg(orientation)
    const output = await run(input)
    expect(output).toMatchObject({ width: 48, height: 32, extname: '.jpg' })
    const meta = await sharp(output.buffer).metadata()
    expect(meta).toMatchObject({ width: 48, height: 32 })
    expect(meta.orientation ?? 1).toBe(1)
    expectColour(await pixelAt(output.buffer, 2, 2), QUADRANTS[0]!)
    expectColour(await pixelAt(output.buffer, 45, 2), QUADRANTS[1]!)
    expectColour(await pixelAt(output.buffer, 2, 29), QUADRANTS[2]!)
    expect(lastNote(output)).toContain(`upright from EXIF orientation ${orientation}`)
  })

  test('turns the image upright when metadata is kept, leaving orientation 1', async () => {
    const output = await run(await orientedJpeg(6), { keepMetadata: true })
    const meta = await sharp(output.buffer).metadata()
    expect(meta).toMatchObject({ width: 48, height: 32 })
    expect(meta.orientation ?? 1).toBe(1)
    expectColour(await pixelAt(output.buffer, 2, 2), QUADRANTS[0]!)
  })

  test('takes the upright re-encoded image even when the original is already at low quality', async () => {
    const input = await sharp(await orientedJpeg(8))
      .jpeg({ quality: 60 })
      .withMetadata({ orientation: 8 })
      .toBuffer()
    const output = await run(input)
    expect(output).toMatchObject({ width: 48, height: 32 })
    expect((await sharp(output.buffer).metadata()).orientation ?? 1).toBe(1)
  })
})

describe('compress: metadata', () => {
  test('removes EXIF, GPS and XMP by default', async () => {
    const input = await jpegWithGps()
    expect(exifIfd0Tags((await sharp(input).metadata()).exif!).has(0x8825)).toBe(true)
    const meta = await sharp((await run(input)).buffer).metadata()
    expect(meta.exif).toBeUndefined()
    expect(meta.xmp).toBeUndefined()
  })

  test('keeps EXIF with its GPS IFD and XMP when keepMetadata is on', async () => {
    const meta = await sharp((await run(await jpegWithGps(), { keepMetadata: true })).buffer).metadata()
    const tags = exifIfd0Tags(meta.exif!)
    expect(tags.has(0x8825)).toBe(true) // GPS IFD pointer
    expect(meta.exif!.toString('latin1')).toContain('FixtureCam')
    expect(meta.xmp).toBeDefined()
  })

  test('keeps the ICC colour profile while stripping', async () => {
    const input = await jpegWithIcc()
    const before = await sharp(input).metadata()
    const after = await sharp((await run(input)).buffer).metadata()
    expect(after.icc).toEqual(before.icc)
  })

  test.each([
    ['JPEG', () => jpegWithGps(), { quality: 100 }],
    ['PNG', () => pngWithMetadata({ small: true }), {}],
    ['WebP', () => webpWithMetadata(), { quality: 100 }]
  ])('strips a %s losslessly when the original is kept', async (_name, make, options) => {
    const input = await make()
    const output = await run(input, options)
    expect(lastNote(output)).toMatch(/^kept original: .*; removed .*EXIF/)
    const meta = await sharp(output.buffer).metadata()
    expect(meta.exif).toBeUndefined()
    expect(meta.xmp).toBeUndefined()
    expect(meta.comments).toBeUndefined()
    const pixels = (buffer: Buffer): Promise<Buffer> => sharp(buffer).raw().toBuffer()
    expect((await pixels(output.buffer)).equals(await pixels(input))).toBe(true)
  })

  test('returns the original bytes untouched when the original is kept with keepMetadata', async () => {
    const input = await photoJpeg({ quality: 70 })
    const output = await run(input, { keepMetadata: true })
    expect(output.buffer.equals(input)).toBe(true)
  })
})

describe("compress: TIFF and JPEG XL, whose metadata the other formats' strip does not remove", () => {
  const make = Buffer.from(FIXTURE_MAKE)
  const raw = { raw: { width: 96, height: 64, channels: 3 as const } }

  test('a TIFF with a GPS IFD becomes a lossless PNG: the same pixels, no camera data, no GPS', async () => {
    const input = tiffWithGps(48, 32)
    const output = await run(input, {}, 'scan.tif')
    expect(output).toMatchObject({ extname: '.png', contentType: 'image/png', width: 48, height: 32 })
    expect(output.buffer.includes(make)).toBe(false)
    expect((await sharp(output.buffer).metadata()).exif).toBeUndefined()
    expect((await sharp(output.buffer).raw().toBuffer()).equals(photoPixels(48, 32))).toBe(true)
    expect(lastNote(output)).toMatch(/\(png lossless, from tiff, the only way to remove its EXIF\/GPS\)$/)
  })

  test.each([
    ['keep', 'image/png', {}],
    ['webp', 'image/webp', { quality: 100 }]
  ] as const)(
    'a TIFF is re-encoded with convertTo %s even when that is bigger: the original cannot go up without its metadata',
    async (convertTo, contentType, options) => {
      const input = await sharp(photoPixels(96, 64), raw).tiff({ compression: 'jpeg', quality: 40 }).toBuffer()
      const output = await run(input, { convertTo, ...options }, 'scan.tif')
      expect(output.contentType).toBe(contentType)
      expect(output.buffer.length).toBeGreaterThan(input.length)
      expect(lastNote(output)).toMatch(/^re-encoded /)
    }
  )

  test('a TIFF of several pages becomes a PNG of its first page, and the user hears that the others are not uploaded', async () => {
    const page = (background: string): Promise<Buffer> =>
      sharp({ create: { width: 8, height: 6, channels: 3, background } })
        .png()
        .toBuffer()
    const input = await sharp([await page('#ff0000'), await page('#00ff00')], { join: { animated: true } })
      .tiff()
      .toBuffer()
    const output = await run(input, {}, 'scans.tif')
    expect(output).toMatchObject({ contentType: 'image/png', width: 8, height: 6 })
    expect((await sharp(output.buffer).raw().toBuffer()).equals(await sharp(input, { page: 0 }).raw().toBuffer())).toBe(true)
    expect((await pixelAt(output.buffer, 1, 1))[0]).toBeGreaterThan(250) // the red page
    expect(output.warnings).toEqual([
      'only the first of its 2 pages is uploaded, as png; to upload the TIFF whole, set "convertTo" to "keep" and "keepMetadata" to true'
    ])
  })

  test('with keepMetadata, a TIFF is kept as it is', async () => {
    const input = tiffWithGps()
    const output = await run(input, { keepMetadata: true }, 'scan.tif')
    expect(output.buffer).toBe(input)
    expect(output).toMatchObject({ extname: '.tif', contentType: 'image/tiff' })
  })

  test('a TIFF that would be kept as it is (over the pixel limit) is refused, not uploaded with its GPS', async () => {
    await expect(run(tiffWithGps(48, 32), { limitInputPixels: 1000 }, 'big scan.tif')).rejects.toThrow(
      'big scan.tif: not uploaded: its ' +
        'metadata (EXIF/GPS) cannot be removed from a TIFF unless it is re-encoded, and it is not (1536 pixels exceeds the 1000 pixel limit); ' +
        'set "keepMetadata" to true to upload it as it is'
    )
  })

  test('a JPEG XL, which this sharp cannot decode, goes up without its Exif and XMP boxes', async () => {
    const output = await run(jxlWithExif(), {}, 'photo.jxl')
    expect(output).toMatchObject({ extname: '.jxl', contentType: 'image/jxl' })
    expect(output.buffer.equals(Buffer.concat([JXL_CONTAINER_START, box('jxlc', JXL_CODESTREAM)]))).toBe(true)
    expect(lastNote(output)).toBe('kept original: jxl is uploaded as it is (a format this sharp cannot decode); removed EXIF, XMP')
  })
})

describe('compress: animation', () => {
  test('passes an animated GIF through with every frame', async () => {
    const input = await animatedGif(4)
    const output = await run(input)
    expect(output).toMatchObject({ extname: '.gif', contentType: 'image/gif', width: 48, height: 48 })
    expect((await sharp(output.buffer, { animated: true }).metadata()).pages).toBe(4)
    expect(lastNote(output)).toMatch(/^kept original: gif/)
  })

  test('stores a static GIF as a palette PNG with exactly the same pixels when that is smaller', async () => {
    // A screenshot-like GIF (flat areas, a few colours): sharp's GIF writer (LZW) loses to PNG's deflate.
    const input = await sharp(await screenshotPng({ width: 300, height: 200 }))
      .gif({ effort: 1 })
      .toBuffer()
    const output = await run(input, {}, 'diagram.gif')
    expect(output).toMatchObject({ extname: '.png', contentType: 'image/png', width: 300, height: 200 })
    expect(output.buffer.length).toBeLessThan(input.length)
    const pixels = (image: Buffer): Promise<Buffer> => sharp(image).ensureAlpha().raw().toBuffer()
    expect((await pixels(output.buffer)).equals(await pixels(input))).toBe(true)
    expect(lastNote(output)).toMatch(/^compressed .*\(png palette q100, from gif, from a static GIF, lossless\)$/)
  })

  test('keeps a static GIF that a PNG would not make smaller', async () => {
    const input = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#102030' } })
      .gif()
      .toBuffer()
    const output = await run(input, {}, 'dot.gif')
    expect(output.extname).toBe('.gif')
    expect(lastNote(output)).toMatch(/^kept original: re-encoding \(png palette q100, from gif, from a static GIF, lossless\)/)
  })

  test('converts an animated GIF to an animated WebP with the same frames and delays', async () => {
    const output = await run(await animatedGif(4, 32, 120), { convertTo: 'webp' })
    expect(output).toMatchObject({ extname: '.webp', width: 32, height: 32 })
    const meta = await sharp(output.buffer, { animated: true }).metadata()
    expect(meta).toMatchObject({ format: 'webp', pages: 4, loop: 0, delay: [120, 120, 120, 120] })
  })

  test('keeps an animated GIF rather than flattening it into a one-frame JPEG', async () => {
    const output = await run(await animatedGif(3), { convertTo: 'jpeg' })
    expect(output.extname).toBe('.gif')
    expect(lastNote(output)).toMatch(/jpeg cannot hold the 3 frames/)
  })

  test('resizes every frame of an animated GIF that exceeds the limits', async () => {
    const output = await run(await animatedGif(3, 64), { maxWidth: 32 })
    const meta = await sharp(output.buffer, { animated: true }).metadata()
    expect(meta).toMatchObject({ format: 'gif', pages: 3, width: 32, pageHeight: 32 })
    expect(output).toMatchObject({ width: 32, height: 32 })
  })
})

describe('compress: convertTo', () => {
  test.each([
    ['webp', '.webp', 'image/webp', true],
    ['avif', '.avif', 'image/avif', true],
    ['jpeg', '.jpg', 'image/jpeg', false]
  ] as const)('converts a PNG with alpha to %s', async (convertTo, extname, contentType, keepsAlpha) => {
    // A photo with transparency: AVIF is stored only when smaller than the default path's palette PNG, as here.
    const input =
      convertTo === 'avif'
        ? await sharp(photoPixels(300, 200), { raw: { width: 300, height: 200, channels: 3 } })
            .ensureAlpha(0.8)
            .png()
            .toBuffer()
        : await screenshotPng({ alpha: true })
    const output = await run(input, { convertTo })
    expect(output).toMatchObject({ extname, contentType, width: 300, height: 200 })
    const meta = await sharp(output.buffer).metadata()
    expect(meta.format).toBe(convertTo === 'avif' ? 'heif' : convertTo)
    expect(meta.hasAlpha).toBe(keepsAlpha)
    expect(lastNote(output)).toContain(`${convertTo} q${convertTo === 'avif' ? 65 : 80}, from png`) // AVIF's scale is mapped: q65 looks like JPEG q80
  })

  test('flattens transparency onto white when converting to JPEG', async () => {
    const output = await run(await screenshotPng({ alpha: true }), { convertTo: 'jpeg' })
    expectColour(await pixelAt(output.buffer, 299, 100), [255, 255, 255])
  })

  test('converts to PNG', async () => {
    const tiff = await sharp(await screenshotPng())
      .tiff({ compression: 'none' })
      .toBuffer()
    const output = await run(tiff, { convertTo: 'png' })
    expect(output).toMatchObject({ extname: '.png', contentType: 'image/png', width: 300, height: 200 })
    expect((await sharp(output.buffer).metadata()).format).toBe('png')
  })

  test('keeps the original when the converted file would be bigger', async () => {
    const input = await photoJpeg({ width: 96, height: 72, quality: 50 })
    const output = await run(input, { convertTo: 'png' })
    expect(output.extname).toBe('.jpg')
    expect(output.buffer.length).toBeLessThanOrEqual(input.length)
    expect(lastNote(output)).toMatch(/^kept original: re-encoding \(png palette q80, from jpeg\) made it \d+% bigger/)
  })
})

describe('compress: resizing', () => {
  test.each([
    [128, 0, 128, 96],
    [0, 48, 64, 48],
    [100, 100, 100, 75],
    [1000, 1000, 256, 192],
    [256, 192, 256, 192]
  ])('fits 256×192 into maxWidth %i × maxHeight %i as %i×%i, never enlarging', async (maxWidth, maxHeight, width, height) => {
    const output = await run(await photoJpeg(), { maxWidth, maxHeight })
    expect(output).toMatchObject({ width, height })
    expect(await sharp(output.buffer).metadata()).toMatchObject({ width, height })
  })

  test('applies the limits to the upright image of a rotated JPEG', async () => {
    const output = await run(await orientedJpeg(6), { maxWidth: 24 })
    expect(output).toMatchObject({ width: 24, height: 16 })
    expect(lastNote(output)).toContain('resized 48×32 → 24×16')
  })

  test('resizes a JPEG that is already at a low quality', async () => {
    const output = await run(await photoJpeg({ quality: 75 }), { maxWidth: 100 })
    expect(output).toMatchObject({ width: 100, height: 75 })
  })
})

describe('compress: keeping the original', () => {
  test('keeps a JPEG already at or below the target quality', async () => {
    const input = await photoJpeg({ quality: 75 })
    const output = await run(input, { quality: 80 })
    expect(output.buffer.equals(input)).toBe(true) // nothing to strip in this fixture
    expect(lastNote(output)).toBe('kept original: already a JPEG at quality ≈ 75')
  })

  test('keeps an already optimal PNG that re-encoding would not shrink', async () => {
    const input = await tinyOptimalPng()
    const output = await run(input)
    expect(output.buffer.equals(input)).toBe(true)
    expect(lastNote(output)).toMatch(/^kept original: re-encoding \(png palette q80\) (made it .* bigger|saved only)/)
  })

  test.each([
    ['photo JPEG', () => photoJpeg({ width: 128, height: 96 })],
    ['low-quality JPEG', () => photoJpeg({ width: 128, height: 96, quality: 30 })],
    ['screenshot PNG', () => screenshotPng()],
    ['tiny PNG', () => tinyOptimalPng()],
    ['WebP', () => webpWithMetadata()],
    ['GIF', () => animatedGif()]
  ])('never returns a bigger file than a %s', async (_name, make) => {
    const input = await make()
    for (const options of [{}, { quality: 100 }, { convertTo: 'webp' as const }, { convertTo: 'png' as const }, { maxWidth: 100 }]) {
      const output = await run(input, options)
      expect(output.buffer.length).toBeLessThanOrEqual(input.length)
    }
  })

  test('passes SVG through unchanged', async () => {
    const input = svgImage()
    const output = await run(input, { convertTo: 'webp' }, 'icon.svg')
    expect(output.buffer).toBe(input)
    expect(output).toMatchObject({ extname: '.svg', contentType: 'image/svg+xml' })
    expect(lastNote(output)).toBe('kept original: svg is uploaded as it is')
  })

  test('never modifies the input buffer', async () => {
    for (const make of [jpegWithGps, pngWithMetadata, webpWithMetadata, () => orientedJpeg(6), () => photoJpeg({ quality: 70 })]) {
      const input = await make()
      const copy = Buffer.from(input)
      const image = stageImage(input)
      await compress(image, DEFAULTS)
      await compress(image, { ...DEFAULTS, convertTo: 'webp', maxWidth: 20 })
      expect(input.equals(copy)).toBe(true)
      expect(image.notes).toBeUndefined()
    }
  })
})

describe('compress: bad input', () => {
  test('uploads a truncated JPEG decoded as far as it goes, without throwing', async () => {
    const input = await photoJpeg()
    const output = await run(input.subarray(0, Math.floor(input.length * 0.7)))
    expect(output).toMatchObject({ extname: '.jpg', width: 256, height: 192 })
    expect((await sharp(output.buffer).metadata()).format).toBe('jpeg')
  })

  test('keeps random bytes named .png as they are, with the reason', async () => {
    const input = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7919) % 251))
    const output = await run(input, {}, 'photo.png')
    expect(output.buffer.equals(input)).toBe(true)
    expect(output.extname).toBe('.png')
    expect(lastNote(output)).toMatch(/^kept original: could not decode \(.+\)$/)
  })

  test('keeps a PNG with a corrupt header when metadata is kept, naming the error', async () => {
    const png = await screenshotPng({ width: 20, height: 20 })
    const corrupt = Buffer.concat([png.subarray(0, 8), Buffer.from('not a chunk at all, sorry')])
    const output = await run(corrupt, { keepMetadata: true })
    expect(lastNote(output)).toMatch(/^kept original: damaged image \(Input buffer has corrupt header/)
    expect(output.warnings).toEqual([expect.stringMatching(/^the image is damaged \(Input buffer has corrupt header/)])
  })

  test('refuses that PNG by default: its chunks break off before the image data, so metadata could lie past them', async () => {
    const png = await screenshotPng({ width: 20, height: 20 })
    const corrupt = Buffer.concat([png.subarray(0, 8), Buffer.from('not a chunk at all, sorry')])
    await expect(run(corrupt, {}, 'cut.png')).rejects.toThrow(
      'cut.png: not uploaded: its metadata (EXIF/GPS) cannot be removed, as this PNG is ' +
        'damaged: its structure breaks off where more metadata could follow; repair or re-export it, or set "keepMetadata" to true to upload it as it is'
    )
  })

  test('a valid BMP, which sharp cannot decode, is uploaded as it is with that reason, not reported as damaged', async () => {
    const bmp = bmpImage(5, 3)
    const output = await run(bmp, {}, 'scan.bmp')
    expect(output.buffer.equals(bmp)).toBe(true)
    expect(output).toMatchObject({ extname: '.bmp', contentType: 'image/bmp' })
    expect(lastNote(output)).toBe('kept original: bmp is uploaded as it is (a format this sharp cannot decode)')
    expect(output.warnings ?? []).toEqual([])
  })

  test('compresses a PNG whose sBIT chunk is malformed: libpng ignores that chunk, the pixels are whole', async () => {
    const png = await screenshotPng({ alpha: true })
    // RGBA needs four significant-bit bytes; three is what some screenshot tools write ("sBIT: bad length").
    const input = insertPngChunk(png, 'sBIT', Buffer.from([8, 8, 8]))
    const warnings: string[] = []
    const probe = sharp(input, { failOn: 'truncated' }).on('warning', (warning: string) => warnings.push(warning))
    const decoded = await probe.raw().toBuffer()
    expect(warnings).toContain('sBIT: bad length')
    expect(decoded.equals(await sharp(png).raw().toBuffer())).toBe(true)

    const output = await run(input)
    expect(output.warnings ?? []).toEqual([])
    expect(lastNote(output)).toMatch(/^compressed /)
    expect(output.buffer.length).toBeLessThan(input.length)
  })

  test('compresses a JPEG whose EXIF resolution unit is 0, as some cameras write: libvips warns about the metadata only', async () => {
    const jpeg = await sharp(noisyRgb(320, 240), { raw: { width: 320, height: 240, channels: 3 } })
      .jpeg({ quality: 97 })
      .toBuffer()
    const input = withExifResolutionUnit(jpeg, 0)
    const warnings: string[] = []
    await sharp(input, { failOn: 'truncated' })
      .on('warning', (warning: string) => warnings.push(warning))
      .raw()
      .toBuffer()
    expect(warnings).toContain('unknown EXIF resolution unit')

    const output = await run(input, {}, 'camera.jpg')
    expect(output.warnings ?? []).toEqual([])
    expect(lastNote(output)).toMatch(/^compressed /)
    expect(output.buffer.length).toBeLessThan(input.length)
  })

  test('refuses to decode an image above the pixel limit and uploads it stripped', async () => {
    const bomb = pngHeaderClaiming(20_000, 15_000)
    const output = await run(bomb)
    expect(output.buffer.equals(bomb)).toBe(true)
    expect(output).toMatchObject({ extname: '.png', width: 20_000, height: 15_000 })
    expect(lastNote(output)).toBe('kept original: 300 megapixels exceeds the 100 megapixel limit')
  })

  test('keeps only the orientation tag of a rotated JPEG above the pixel limit', async () => {
    const input = await sharp(await orientedJpeg(6))
      .withExifMerge({ IFD0: { Make: 'FixtureCam' } })
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer()
    const output = await run(input, { limitInputPixels: 1000 })
    expect(lastNote(output)).toMatch(/^kept original: 1536 pixels exceeds the 1000 pixel limit; removed EXIF/)
    const meta = await sharp(output.buffer).metadata()
    expect(meta.orientation).toBe(6)
    expect(exifIfd0Tags(meta.exif!).has(0x010f)).toBe(false) // no Make
    expect(output).toMatchObject({ width: 48, height: 32 })
  })

  test('compresses a JPEG whose EXIF block is corrupt', async () => {
    const input = await jpegWithGps()
    const tiffHeader = input.indexOf('Exif\0\0', 0, 'latin1') + 6
    const corrupt = Buffer.from(input)
    corrupt.writeUInt32LE(0x7fffffff, tiffHeader + 4) // IFD0 offset far beyond the block
    const output = await run(corrupt)
    expect(lastNote(output)).toMatch(/^compressed/)
    expect((await sharp(output.buffer).metadata()).exif).toBeUndefined()
  })
})

/** Random-ish RGB pixels, so a q97 JPEG has bytes to save at q80. */
function noisyRgb(width: number, height: number): Buffer {
  const pixels = Buffer.alloc(width * height * 3)
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 2654435761) >>> 24
  return pixels
}

/** A JPEG with an EXIF block after SOI holding only X/YResolution 72/1 and ResolutionUnit `unit`. */
function withExifResolutionUnit(jpeg: Buffer, unit: number): Buffer {
  const ifd = 8
  const data = ifd + 2 + 3 * 12 + 4
  const tiff = Buffer.alloc(data + 16)
  tiff.write('II', 0, 'latin1')
  tiff.writeUInt16LE(42, 2)
  tiff.writeUInt32LE(ifd, 4)
  tiff.writeUInt16LE(3, ifd)
  const entries: Array<[number, number, number]> = [
    [0x011a, 5, data],
    [0x011b, 5, data + 8],
    [0x0128, 3, unit]
  ]
  entries.forEach(([tag, type, value], i) => {
    const at = ifd + 2 + i * 12
    tiff.writeUInt16LE(tag, at)
    tiff.writeUInt16LE(type, at + 2)
    tiff.writeUInt32LE(1, at + 4)
    if (type === 3) tiff.writeUInt16LE(value, at + 8)
    else tiff.writeUInt32LE(value, at + 8)
  })
  for (const at of [data, data + 8]) {
    tiff.writeUInt32LE(72, at)
    tiff.writeUInt32LE(1, at + 4)
  }
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff])
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, (body.length + 2) >> 8, (body.length + 2) & 0xff]), body])
  return Buffer.concat([jpeg.subarray(0, 2), app1, jpeg.subarray(2)])
}

describe('a JPEG too big to optimise in memory', () => {
  test('is written in one pass (baseline): libjpeg keeps no coefficient buffer of the whole picture', async () => {
    // 65.6 MP, just over the one-pass limit, solid grey, itself written in one pass so the test holds no such buffer either.
    const width = 8100
    const input = await sharp({ create: { width, height: width, channels: 3, background: '#808080' } })
      .jpeg({ quality: 95, optimiseCoding: false })
      .toBuffer()
    const output = await run(input, { limitInputPixels: 100_000_000 })
    expect(output.contentType).toBe('image/jpeg')
    expect(lastNote(output)).toContain('in one pass')
    const meta = await sharp(output.buffer).metadata()
    expect(meta).toMatchObject({ width, height: width, isProgressive: false })
  })
})
