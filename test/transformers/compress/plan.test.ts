import { DEFAULTS as SETTING_DEFAULTS } from '../../../src/settings/config'
import type { WatermarkOptions } from '../../../src/image/watermark'
import { compressOptionsOf } from '../../../src/transformers'
import type { Readable, Unread } from '../../../src/transformers/compress/facts'
import type { CompressOptions } from '../../../src/transformers/compress/options'
import { ONE_PASS_JPEG_ABOVE_PIXELS } from '../../../src/image/encoder-options'
import { MIN_SAVING, plan, type Plan } from '../../../src/transformers/compress/plan'

// The rules alone: header facts as plain data, nothing read, nothing encoded.

const OPTIONS: CompressOptions = compressOptionsOf(SETTING_DEFAULTS)
const MARK: WatermarkOptions = { mode: 'text', text: '©', position: 'bottom-right', angle: 0, opacity: 1, scale: 0.1, margin: 0.03, minSize: 300 }

function header(facts: Partial<Readable> = {}): Readable {
  return {
    read: 'header',
    source: 'png',
    orientation: 1,
    frames: 1,
    pages: 1,
    width: 800,
    height: 600,
    pixels: 480_000,
    overLimit: false,
    hasAlpha: false,
    originalLeaks: false,
    ...facts
  }
}

const planOf = (facts: Readable | Unread, options: Partial<CompressOptions> = {}): Plan => plan(facts, { ...OPTIONS, ...options })

function reasonOf(decision: Plan): string {
  if (decision.action !== 'keep') throw new Error(`expected a kept original, got an encode as ${decision.format}`)
  return decision.reason
}

describe('plan: what sharp is not given or could not read', () => {
  test.each(['svg', 'ico'] as const)('%s is never handed to sharp: kept as it is', (format) => {
    expect(planOf({ read: 'never', sniffed: format }, { convertTo: 'webp', maxWidth: 10 })).toEqual({
      action: 'keep',
      format,
      reason: `${format} is uploaded as it is`
    })
  })

  test('a format this sharp was built without (BMP) is kept, not called damaged', () => {
    const decision = planOf({ read: 'failed', sniffed: 'bmp', error: 'Input buffer contains unsupported image format' })
    expect(decision).toEqual({ action: 'keep', format: 'bmp', reason: 'bmp is uploaded as it is (a format this sharp cannot decode)' })
  })

  test.each([{}, { keepMetadata: true }, { convertTo: 'webp' as const, maxWidth: 100 }])(
    'a known format whose header fails is damaged, whatever the options (%o): kept, with a warning',
    (options) => {
      const decision = planOf({ read: 'failed', sniffed: 'png', error: 'Input buffer has corrupt header' }, options)
      expect(decision).toEqual({
        action: 'keep',
        format: 'png',
        reason: 'damaged image (Input buffer has corrupt header)',
        warning:
          'the image is damaged (Input buffer has corrupt header): uploaded the original bytes as they are, not compressed; it may show incomplete anywhere'
      })
    }
  )

  test('bytes of no known format that sharp cannot read either: kept, unnamed, no warning (nothing says they are an image)', () => {
    expect(planOf({ read: 'failed', error: 'unsupported image format' })).toEqual({
      action: 'keep',
      format: undefined,
      reason: 'could not decode (unsupported image format)'
    })
  })
})

describe('plan: the pixel limit comes first', () => {
  test('sharp refused the header for its limit: kept, with the size it claims', () => {
    expect(reasonOf(planOf(header({ overLimit: true, pixels: 300_000_000 })))).toBe('300 megapixels exceeds the 100 megapixel limit')
  })

  test('over the limit beats everything that would make a re-encode necessary', () => {
    const facts = header({ source: 'tiff', pixels: 2_000, orientation: 6, originalLeaks: true })
    expect(reasonOf(planOf(facts, { limitInputPixels: 1_000, convertTo: 'webp', maxWidth: 10, watermark: { ...MARK, minSize: 1 } }))).toBe(
      '2000 pixels exceeds the 1000 pixel limit'
    )
  })

  test('limitInputPixels 0 is no limit', () => {
    expect(planOf(header({ pixels: 1e12 }), { limitInputPixels: 0 }).action).toBe('encode')
  })
})

describe('plan: no output format', () => {
  test('bytes sharp read but no one knows by name', () => {
    expect(planOf(header({ source: undefined }))).toEqual({ action: 'keep', format: undefined, reason: 'unknown image format' })
  })

  test('an animated GIF with convertTo set to a one-frame format stays as it is, and says why', () => {
    expect(reasonOf(planOf(header({ source: 'gif', frames: 3 }), { convertTo: 'jpeg' }))).toBe('jpeg cannot hold the 3 frames of this gif')
  })

  test('an animated GIF with convertTo webp is converted, frames and all', () => {
    expect(planOf(header({ source: 'gif', frames: 3 }), { convertTo: 'webp' })).toMatchObject({ action: 'encode', format: 'webp', keepOriginalUnder: 0 })
  })

  test.each([
    ['an animated GIF', header({ source: 'gif', frames: 3 }), 'gif is uploaded as it is unless resized or converted'],
    ['an AVIF', header({ source: 'avif' }), 'avif is uploaded as it is unless resized or converted'],
    ['a JPEG XL', header({ source: 'jxl' }), 'jxl is uploaded as it is (set convertTo to convert it)']
  ])('%s that needs no rewrite is kept', (_name, facts, reason) => {
    expect(reasonOf(planOf(facts))).toBe(reason)
  })

  test('an animated GIF bigger than maxWidth is rewritten as a GIF', () => {
    expect(planOf(header({ source: 'gif', frames: 3 }), { maxWidth: 400 })).toMatchObject({
      action: 'encode',
      format: 'gif',
      resized: true,
      keepOriginalUnder: 0
    })
  })

  test('a static GIF becomes an exact palette PNG when it is smaller', () => {
    expect(planOf(header({ source: 'gif' }))).toMatchObject({
      action: 'encode',
      format: 'png',
      lossless: 'palette',
      remark: 'from a static GIF, lossless',
      keepOriginalUnder: 0
    })
  })

  test('a TIFF whose metadata only a re-encode removes becomes a lossless PNG that goes up whatever its size', () => {
    const decision = planOf(header({ source: 'tiff', originalLeaks: true }))
    expect(decision).toMatchObject({ action: 'encode', format: 'png', lossless: 'truecolour', keepOriginalUnder: undefined })
  })

  test('a HEIC becomes a JPEG, which goes up whatever its size (no browser but Safari shows the original)', () => {
    expect(planOf(header({ source: 'heif' }))).toMatchObject({
      action: 'encode',
      format: 'jpeg',
      remark: 'from HEIC, which most browsers cannot show',
      keepOriginalUnder: undefined
    })
  })
})

describe('plan: a JPEG at or below the target quality', () => {
  const lowJpeg = header({ source: 'jpeg', jpegQuality: 75 })

  test('is kept as it is: re-encoding would only add bytes', () => {
    expect(planOf(lowJpeg)).toEqual({ action: 'keep', format: 'jpeg', reason: 'already a JPEG at quality ≈ 75' })
    expect(reasonOf(planOf(lowJpeg, { quality: 75 }))).toBe('already a JPEG at quality ≈ 75')
  })

  test('above the target it is re-encoded at the target, and must save 5 %', () => {
    expect(planOf(header({ source: 'jpeg', jpegQuality: 92 }))).toMatchObject({ action: 'encode', format: 'jpeg', quality: 80, keepOriginalUnder: MIN_SAVING })
  })

  test('a JPEG whose quality cannot be estimated is re-encoded at the target', () => {
    expect(planOf(header({ source: 'jpeg' }))).toMatchObject({ action: 'encode', format: 'jpeg', quality: 80 })
  })

  test.each([
    ['to resize', header({ source: 'jpeg', jpegQuality: 75 }), { maxWidth: 400 }, 0],
    ['to turn upright', header({ source: 'jpeg', jpegQuality: 75, orientation: 6 }), {}, undefined],
    ['to watermark', header({ source: 'jpeg', jpegQuality: 75 }), { watermark: MARK }, undefined],
    ['to remove metadata the original as it is would leak', header({ source: 'jpeg', jpegQuality: 75, originalLeaks: true }), {}, undefined]
  ])('with a cause (%s) it is re-encoded at no more than its own quality', (_name, facts, options, keepOriginalUnder) => {
    expect(planOf(facts, options)).toMatchObject({ action: 'encode', format: 'jpeg', quality: 75, keepOriginalUnder })
  })

  test('converted to another format, its own quality does not cap the target', () => {
    expect(planOf(lowJpeg, { convertTo: 'webp' })).toMatchObject({ action: 'encode', format: 'webp', quality: 80, keepOriginalUnder: 0 })
  })
})

describe('plan: encode, and when the original may still win', () => {
  test('a PNG in its own format: the re-encode must save 5 %', () => {
    expect(planOf(header())).toEqual({
      action: 'encode',
      source: 'png',
      format: 'png',
      quality: 80,
      lossless: undefined,
      palette: 'smooth',
      remark: '',
      orientation: 1,
      resized: false,
      hasAlpha: false,
      mark: { size: { width: 800, height: 600 }, skip: 'off' },
      keepOriginalUnder: MIN_SAVING
    })
  })

  test('a conversion or a resize only must not be bigger', () => {
    expect(planOf(header(), { convertTo: 'webp' })).toMatchObject({ format: 'webp', keepOriginalUnder: 0 })
    expect(planOf(header(), { maxHeight: 300 })).toMatchObject({
      format: 'png',
      resized: true,
      keepOriginalUnder: 0,
      mark: { size: { width: 400, height: 300 } }
    })
  })

  test('a photo to turn upright always takes the re-encode, at its upright size', () => {
    expect(planOf(header({ source: 'jpeg', orientation: 6, width: 600, height: 800 }), { maxWidth: 300 })).toMatchObject({
      orientation: 6,
      resized: true,
      keepOriginalUnder: undefined,
      mark: { size: { width: 300, height: 400 } }
    })
  })

  test('a watermarked image always takes the re-encode; one too small for the mark may lose to its original, and says why', () => {
    expect(planOf(header(), { watermark: MARK })).toMatchObject({ mark: { skip: undefined }, keepOriginalUnder: undefined })
    expect(planOf(header({ width: 200, height: 100 }), { watermark: MARK })).toMatchObject({
      mark: { skip: 'no watermark: the short edge 100 px is below watermarkMinSize 300' },
      keepOriginalUnder: MIN_SAVING
    })
  })

  test('transparency is passed on (a JPEG target flattens it on white)', () => {
    expect(planOf(header({ hasAlpha: true }), { convertTo: 'jpeg' })).toMatchObject({ format: 'jpeg', hasAlpha: true })
  })
})

describe('plan: the format per picture ("formats")', () => {
  const photo = { photoLike: true, opaque: true }
  const encodeOf = (decision: Plan): { format: string; quality: number; lossless?: string; remark: string } => {
    if (decision.action !== 'encode') throw new Error(`expected an encode, got a kept original: ${decision.reason}`)
    return { format: decision.format, quality: decision.quality, lossless: decision.lossless, remark: decision.remark }
  }

  test('an opaque photo-like PNG is encoded as a JPEG at the quality asked, which may not be bigger than the PNG', () => {
    const decision = planOf(header({ picture: photo }))
    expect(encodeOf(decision)).toEqual({ format: 'jpeg', quality: 80, lossless: undefined, remark: 'photo-like and opaque' })
    expect(decision).toMatchObject({ keepOriginalUnder: 0 })
  })

  test('a photo-like PNG with transparent pixels, or a screenshot, stays a palette PNG', () => {
    expect(encodeOf(planOf(header({ hasAlpha: true, picture: { photoLike: true, opaque: false } }))).format).toBe('png')
    expect(encodeOf(planOf(header({ picture: { photoLike: false, opaque: true } }))).format).toBe('png')
  })

  test('"modern" encodes a photo-like PNG, alpha or not, as an AVIF at the quality that looks like the setting', () => {
    const decision = planOf(header({ hasAlpha: true, picture: { photoLike: true, opaque: false } }), { formats: 'modern', quality: 80 })
    expect(encodeOf(decision)).toMatchObject({ format: 'avif', quality: 65, remark: 'photo-like' })
  })

  test('"modern" makes an animated GIF a lossless WebP; "compatible" leaves it as it is', () => {
    const gif = header({ source: 'gif', frames: 12, pages: 12 })
    expect(encodeOf(planOf(gif, { formats: 'modern' }))).toMatchObject({ format: 'webp', lossless: 'truecolour' })
    expect(planOf(gif, { formats: 'compatible' }).action).toBe('keep')
  })

  test('"same" keeps every format, a static GIF included; convertTo naming a format wins over "formats"', () => {
    expect(encodeOf(planOf(header({ picture: photo }), { formats: 'same' })).format).toBe('png')
    expect(planOf(header({ source: 'gif' }), { formats: 'same' })).toMatchObject({ action: 'keep' })
    expect(encodeOf(planOf(header({ picture: photo }), { convertTo: 'webp', formats: undefined })).format).toBe('webp')
  })

  test('convertTo "avif" asks the mapped AVIF quality too', () => {
    expect(encodeOf(planOf(header(), { convertTo: 'avif', formats: undefined, quality: 60 })).quality).toBe(49)
  })
})

describe('plan: how a palette PNG is made', () => {
  const paletteOf = (decision: Plan): string | undefined => (decision.action === 'encode' ? decision.palette : `kept: ${decision.reason}`)

  test.each(['compatible', 'modern', 'same'] as const)('flat art (not photo-like) is a "flat" palette, without dither, under formats %s', (formats) => {
    expect(paletteOf(planOf(header({ picture: { photoLike: false, opaque: true } }), { formats }))).toBe('flat')
  })

  test('a photo-like PNG that stays a PNG, or one whose pixels were not read, is a dithered "smooth" palette', () => {
    expect(paletteOf(planOf(header({ hasAlpha: true, picture: { photoLike: true, opaque: false } })))).toBe('smooth')
    expect(paletteOf(planOf(header({ picture: { photoLike: true, opaque: true } }), { formats: 'same' }))).toBe('smooth')
    expect(paletteOf(planOf(header()))).toBe('smooth')
  })

  test('no other encode names a palette: a JPEG, a lossless PNG from a GIF, a WebP', () => {
    expect(paletteOf(planOf(header({ picture: { photoLike: true, opaque: true } })))).toBeUndefined()
    expect(paletteOf(planOf(header({ source: 'gif' })))).toBeUndefined()
    expect(paletteOf(planOf(header({ picture: { photoLike: false, opaque: true } }), { convertTo: 'webp', formats: undefined }))).toBeUndefined()
  })
})

describe('plan: a JPEG too big to optimise in memory', () => {
  const big = (width: number, height: number, facts: Partial<Readable> = {}): Readable =>
    header({ source: 'jpeg', width, height, pixels: width * height, ...facts })
  const onePassOf = (decision: Plan): boolean | undefined => (decision.action === 'encode' ? decision.onePass : undefined)

  test('a JPEG of more output pixels than the one-pass limit is written in one pass; one at the limit is not', () => {
    expect(ONE_PASS_JPEG_ABOVE_PIXELS).toBe(64_000_000)
    expect(onePassOf(planOf(big(10_000, 10_000)))).toBe(true)
    expect(onePassOf(planOf(big(8_000, 8_000)))).toBeUndefined()
  })

  test('the output counts, not the input: a scan resized below the limit is optimised', () => {
    expect(onePassOf(planOf(big(10_000, 10_000), { maxWidth: 4000 }))).toBeUndefined()
  })

  test('a big photo-like PNG becoming a JPEG is written in one pass; a big palette PNG is not a JPEG and says nothing of it', () => {
    expect(onePassOf(planOf(header({ width: 10_000, height: 10_000, pixels: 1e8, picture: { photoLike: true, opaque: true } })))).toBe(true)
    expect(onePassOf(planOf(header({ width: 10_000, height: 10_000, pixels: 1e8, picture: { photoLike: false, opaque: true } })))).toBeUndefined()
  })
})
