/**
 * quality "auto": the lowest quality whose encode keeps the perceptual score (perceptual-score.ts) of the
 * image's detail tiles (probe-tiles.ts) at or above a floor, found by bisection on the tiles alone, then
 * used once for the whole image. The score of an image is the mean of its worst quarter of tiles: a
 * photo is judged where it suffers most, not on its average, which a sky or a wall would flatter.
 *
 * The floors were chosen on the benchmark corpus against Butteraugli (bench/results/compress.md), so that
 * "balanced" keeps the worst and the median image no worse than fixed quality 80 did, at fewer bytes.
 */
import sharp, { type Sharp } from 'sharp'
import type { AutoQualityFloor } from '../settings/config'
import { encoderOptions, type OutputFormat } from './encoder-options'
import { regionSsim, type Pixels } from './perceptual-score'
import { probeTiles, type ProbeTiles } from './probe-tiles'

/** The score each named floor asks of the worst quarter of an image's tiles. */
export const FLOOR_SCORES: Readonly<Record<AutoQualityFloor, number>> = { high: 0.99, balanced: 0.985, small: 0.975 }

/** The qualities searched per format; AVIF's scale is gentler, a palette PNG's coarser. */
const RANGES: Record<Exclude<OutputFormat, 'gif'>, readonly [number, number]> = {
  jpeg: [30, 95],
  webp: [30, 95],
  avif: [25, 90],
  png: [20, 100]
}
/** Bisection stops when the answer is known to within this many quality steps. */
const RESOLUTION = 2

export interface AutoQualityChoice {
  quality: number
  /** The tiles' score at that quality. */
  score: number
  /** False when even the highest quality allowed stays under the floor. */
  passed: boolean
  probes: number
}

export interface AutoQualityRequest {
  format: OutputFormat
  /** Frames of the input: animations keep the fixed fallback quality. */
  pages: number
  floor: AutoQualityFloor
  /** A JPEG input's own quality: re-encoding above it only adds bytes. */
  ownQuality?: number
}

export interface AutoQualityResult {
  /** Undefined when the search does not apply (animation, GIF) or the image could not be decoded. */
  quality?: number
  /** False when no quality allowed keeps the floor. */
  keepsFloor?: boolean
  /** For the notes: "auto q62, tiles 0.9812 ≥ 0.98 (balanced)". */
  remark: string
}

/** The quality "auto" picks for the image `shaped` (its pipeline shaped as the encoder will see it). */
export async function autoQualityFor(shaped: Sharp, request: AutoQualityRequest): Promise<AutoQualityResult> {
  const { format, floor } = request
  if (format === 'gif') return { remark: '' }
  if (request.pages > 1) return { remark: 'auto applies to still images, fixed quality for animations' }
  let reference: Pixels
  try {
    reference = await decodeReference(shaped)
  } catch {
    return { remark: '' } // the encode meets the same bytes and reports the damage
  }
  const choice = await searchQuality(reference, format, FLOOR_SCORES[floor], request.ownQuality)
  const score = choice.score.toFixed(4)
  const remark = choice.passed
    ? `auto, tiles ${score} ≥ ${FLOOR_SCORES[floor]} (${floor})`
    : `auto: even q${choice.quality} scores ${score} < ${FLOOR_SCORES[floor]} (${floor})`
  return { quality: choice.quality, keepsFloor: choice.passed, remark }
}

/** The full-resolution pixels the encoder will see: `shaped` is the pipeline with its orientation, resize and flatten. */
export async function decodeReference(shaped: Sharp): Promise<Pixels> {
  const { data, info } = await shaped.toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true })
  const channels = info.channels === 4 ? 4 : 3
  if (info.channels === channels) return { data, width: info.width, height: info.height, channels }
  const { data: rgb } = await sharp(data, { raw: info }).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  return { data: rgb, width: info.width, height: info.height, channels }
}

/**
 * Searches qualities of `format` for `reference` (at most `maxQuality`, for a JPEG re-encoded below its
 * own quality): the lowest whose tiles score at least `floor`.
 */
export async function searchQuality(reference: Pixels, format: Exclude<OutputFormat, 'gif'>, floor: number, maxQuality = 100): Promise<AutoQualityChoice> {
  const tiles = probeTiles(reference)
  const [min, rangeMax] = RANGES[format]
  const max = Math.max(min, Math.min(rangeMax, maxQuality))
  let failing = min - 1 // the highest quality known to fail (min - 1: none yet)
  let passing: { quality: number; score: number } | undefined
  let probes = 0
  let high = max
  while (high - failing > RESOLUTION) {
    const quality = Math.round((failing + high) / 2)
    const score = await probe(tiles, format, quality)
    probes++
    if (score >= floor) {
      passing = { quality, score }
      high = quality
    } else failing = quality
  }
  if (passing) return { ...passing, passed: true, probes }
  const score = await probe(tiles, format, max)
  return { quality: max, score, passed: score >= floor, probes: probes + 1 }
}

async function probe(tiles: ProbeTiles, format: Exclude<OutputFormat, 'gif'>, quality: number): Promise<number> {
  const { mosaic, regions } = tiles
  const encoded = await sharp(mosaic.data, { raw: { width: mosaic.width, height: mosaic.height, channels: mosaic.channels } })
    .toFormat(format, { ...encoderOptions(format, quality), ...(format === 'png' ? { compressionLevel: 0 } : {}) }) // zlib changes no pixel
    .toBuffer()
  const decoder = sharp(encoded).toColourspace('srgb')
  if (mosaic.channels === 4) decoder.ensureAlpha()
  else decoder.removeAlpha()
  const data = await decoder.raw({ depth: 'uchar' }).toBuffer()
  const decoded: Pixels = { data, width: mosaic.width, height: mosaic.height, channels: mosaic.channels }
  const scores = regions.map((region) => regionSsim(mosaic, decoded, region)).sort((a, b) => a - b)
  const worst = scores.slice(0, Math.max(1, Math.ceil(scores.length / 4)))
  return worst.reduce((sum, value) => sum + value, 0) / worst.length
}
