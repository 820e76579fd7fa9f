import sharp from 'sharp'
import { DEFAULTS as SETTING_DEFAULTS } from '../../src/settings/config'
import { FLOOR_SCORES } from '../../src/image/auto-quality'
import { regionSsim, type Pixels } from '../../src/image/perceptual-score'
import { compressOptionsOf } from '../../src/transformers'
import { compress, type CompressOptions } from '../../src/transformers/compress'
import type { StageImage } from '../../src/transformers/types'
import { seededRandom } from '../../tools/seeded-random'
import { animatedGif, photoJpeg, photoPixels } from '../fixtures/images'

const AUTO: CompressOptions = { ...compressOptionsOf(SETTING_DEFAULTS), quality: 'auto' }

async function run(buffer: Buffer, options: Partial<CompressOptions> = {}): Promise<StageImage> {
  return compress({ buffer, fileName: 'image', extname: '', contentType: '' }, { ...AUTO, ...options })
}

const lastNote = (image: StageImage): string => image.notes?.at(-1) ?? ''

/** The quality the stage wrote into its note: "compressed … (jpeg q62, auto, …)". */
function chosenQuality(image: StageImage): number {
  const match = /\((?:jpeg|webp|avif|png palette) q(\d+), auto/.exec(lastNote(image))
  if (!match) throw new Error(`no auto quality in "${lastNote(image)}"`)
  return Number(match[1])
}

async function pixelsOf(image: Buffer, channels: 3 | 4): Promise<Pixels> {
  const pipeline = sharp(image).toColourspace('srgb')
  if (channels === 4) pipeline.ensureAlpha()
  else pipeline.removeAlpha()
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true })
  return { data, width: info.width, height: info.height, channels }
}

/** The plugin's own score of the whole output against the whole input (these images are probed whole). */
async function scoreOf(input: Buffer, output: Buffer, channels: 3 | 4 = 3): Promise<number> {
  const [a, b] = await Promise.all([pixelsOf(input, channels), pixelsOf(output, channels)])
  return regionSsim(a, b, { left: 0, top: 0, width: a.width, height: a.height })
}

/** A smooth two-colour gradient, no grain: blocking shows on it first. */
async function gradientJpeg(): Promise<Buffer> {
  const width = 320
  const height = 240
  const pixels = Buffer.alloc(width * height * 3)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      pixels.set([Math.round((255 * x) / width), Math.round(80 + (120 * y) / height), 200], (y * width + x) * 3)
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 98 })
    .toBuffer()
}

/** A screenshot without photos: flat panels and rows of dark "text" strokes, optionally fading to transparent. */
async function cleanScreenshotPng(alpha = false): Promise<Buffer> {
  const width = 240
  const height = 160
  const channels = alpha ? 4 : 3
  const pixels = Buffer.alloc(width * height * channels)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let colour = x < 60 ? [236, 239, 244] : [255, 255, 255]
      if (y < 20) colour = [48, 56, 70]
      if (y > 30 && (y - 30) % 12 < 7 && x > 70 && x < 230 && (Math.floor(x / 3) + Math.floor(y / 12)) % 4 !== 0) colour = [30, 30, 30]
      pixels.set(colour, (y * width + x) * channels)
      if (alpha) pixels[(y * width + x) * channels + 3] = x > 200 ? Math.round((255 * (width - x)) / 40) : 255
    }
  }
  return sharp(pixels, { raw: { width, height, channels } }).png({ compressionLevel: 6 }).toBuffer()
}

/** Strong per-pixel noise over a gradient: it hides artefacts, so a low quality passes. */
async function noisyPhotoJpeg(): Promise<Buffer> {
  const width = 320
  const height = 240
  const random = seededRandom(3)
  const pixels = photoPixels(width, height, 5)
  for (let i = 0; i < pixels.length; i++) pixels[i] = Math.max(0, Math.min(255, pixels[i]! + (random() - 0.5) * 120))
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 98 })
    .toBuffer()
}

describe('compress: quality "auto"', () => {
  const cases = [
    ['a smooth gradient', gradientJpeg],
    ['a screenshot', () => cleanScreenshotPng()],
    ['a noisy photo', noisyPhotoJpeg],
    ['a small photo', () => photoJpeg({ width: 96, height: 72, quality: 98 })]
  ] as const

  test.each(cases)("%s: the result keeps the balanced floor by the plugin's own metric", async (_name, make) => {
    const input = await make()
    const output = await run(input)
    expect(lastNote(output)).toMatch(/^compressed .+, auto, tiles [01]\.\d{4} ≥ 0\.985 \(balanced\)/)
    expect(output.buffer.length).toBeLessThan(input.length)
    expect(await scoreOf(input, output.buffer)).toBeGreaterThanOrEqual(FLOOR_SCORES.balanced)
  })

  test('picks a different quality for each kind of image', async () => {
    const qualities = await Promise.all(cases.map(async ([, make]) => chosenQuality(await run(await make()))))
    expect(new Set(qualities).size).toBeGreaterThanOrEqual(3)
  })

  test('a JPEG photo whose grain no quality keeps at the floor is kept as it was', async () => {
    const grainy = await photoJpeg({ width: 320, height: 240, quality: 98 })
    expect(lastNote(await run(grainy, { autoQualityFloor: 'high' }))).toMatch(/^kept original: quality auto: even q95 scores 0\.\d{4} < 0\.99 \(high\)/)
  })

  test('a stricter floor picks a higher quality and a bigger file', async () => {
    const input = await gradientJpeg()
    const small = await run(input, { autoQualityFloor: 'small' })
    const high = await run(input, { autoQualityFloor: 'high' })
    expect(chosenQuality(high)).toBeGreaterThan(chosenQuality(small))
    expect(high.buffer.length).toBeGreaterThan(small.buffer.length)
    expect(await scoreOf(input, high.buffer)).toBeGreaterThanOrEqual(FLOOR_SCORES.high)
  })

  test('pins the quality chosen for one fixed image (guards against silent drift)', async () => {
    const output = await run(await gradientJpeg())
    expect(chosenQuality(output)).toBe(GOLDEN_QUALITY)
  })

  test('re-encodes a JPEG that is already at quality 80 when a lower quality keeps the floor and saves 5 %', async () => {
    const input = await gradientJpeg().then((jpeg) => sharp(jpeg).jpeg({ quality: 80 }).toBuffer())
    const fixed = await run(input, { quality: 80 })
    expect(lastNote(fixed)).toMatch(/^kept original: already a JPEG at quality ≈ 80/)
    const output = await run(input)
    expect(chosenQuality(output)).toBeLessThan(80)
    expect(output.buffer.length).toBeLessThan(input.length * 0.95)
    expect(await scoreOf(input, output.buffer)).toBeGreaterThanOrEqual(FLOOR_SCORES.balanced)
  })

  test('keeps a low-quality JPEG whose re-encode cannot keep the floor', async () => {
    const input = await photoJpeg({ width: 320, height: 240, quality: 35 })
    const output = await run(input, { autoQualityFloor: 'high' })
    expect(lastNote(output)).toMatch(/^kept original: (quality auto: even q35 scores 0\.\d+ < 0\.99 \(high\)|re-encoding .* saved only)/)
    expect(output.buffer.length).toBeLessThanOrEqual(input.length)
  })

  test('a PNG with alpha keeps its alpha and the floor', async () => {
    const input = await cleanScreenshotPng(true)
    const output = await run(input)
    expect((await sharp(output.buffer).metadata()).hasAlpha).toBe(true)
    expect(await scoreOf(input, output.buffer, 4)).toBeGreaterThanOrEqual(FLOOR_SCORES.balanced)
  })

  test('an animation keeps the fixed quality and says so', async () => {
    const output = await run(await animatedGif(4, 48), { convertTo: 'webp' })
    expect(lastNote(output)).toMatch(/\(webp q80, from gif, auto applies to still images, fixed quality for animations, 4 frames\)/)
  })
})

/** The quality "auto" picks for gradientJpeg(); change it only with a reason in the commit. */
const GOLDEN_QUALITY = 69
