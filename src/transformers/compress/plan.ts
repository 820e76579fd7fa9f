/**
 * The compression rules, decided before anything is encoded: from the header facts (facts.ts) and the options, either
 * "keep the original, because …" or "encode as this format at this quality". The rules are ordered lists, the first
 * that answers decides; each is one line with its reason. Nothing here reads bytes or runs sharp.
 */
import { avifQualityFor, type Lossless, ONE_PASS_JPEG_ABOVE_PIXELS, type OutputFormat, type PaletteKind } from '../../image/encoder-options'
import type { ImageFormat } from '../../image/image-format'
import { watermarkSkip } from '../../image/watermark'
import type { Facts, Readable, Unread } from './facts'
import { damagedImage, describePixelLimit } from './notes'
import type { CompressOptions } from './options'
import type { Keep } from './original'
import { chooseOutput, type OutputChoice, paletteKindOf } from './output-format'

export type Plan = Keep | Encode
export type { Keep }

export interface Encode {
  action: 'encode'
  source: ImageFormat
  format: OutputFormat
  /** The quality to encode at: the setting, capped at a JPEG's own. */
  quality: number
  lossless?: Lossless
  /** How a lossy palette PNG is made; absent for every other encode. */
  palette?: PaletteKind
  /** A JPEG too big to keep its coefficients in memory, written in one pass (encoder-options.ts). */
  onePass?: boolean
  /** A remark on the format choice ("from HEIC, which most browsers cannot show"), for the note. */
  remark: string
  orientation: number
  resized: boolean
  hasAlpha: boolean
  /** The output size the watermark is laid out for, and why none goes on ("off" when switched off). */
  mark: { size: { width: number; height: number }; skip?: string }
  /**
   * The original goes up instead when the re-encode saves less than this fraction of it (choose.ts); absent when the
   * re-encode goes up whatever its size (turned upright, watermarked, the original would leak metadata, HEIC).
   */
  keepOriginalUnder?: number
}

/** A re-encoded image replaces the original only when it is at least this much smaller. */
export const MIN_SAVING = 0.05

export function plan(facts: Facts, options: CompressOptions): Plan {
  return facts.read === 'header' ? planEncode(facts, options) : planUnread(facts)
}

type Failed = Extract<Unread, { read: 'failed' }>

/** sharp's answer for bytes in a format it was built without (BMP): not damage, only nothing it can decode. */
const UNDECODABLE_FORMAT = /unsupported image format/i

/** An image whose header sharp could not read, in order; then `couldNotDecode`. */
const FAILED_RULES: ReadonlyArray<(facts: Failed) => Keep | undefined> = [
  function formatSharpCannotDecode({ sniffed, error }) {
    return sniffed && UNDECODABLE_FORMAT.test(error) ? keep(sniffed, `${sniffed} is uploaded as it is (a format this sharp cannot decode)`) : undefined
  },
  // A known format sharp cannot read is damaged: the original goes up, and the user hears it.
  function damagedHeader({ sniffed, error }) {
    return sniffed ? { action: 'keep', format: sniffed, ...damagedImage(error) } : undefined
  }
]

function couldNotDecode({ error }: Failed): Keep {
  return keep(undefined, `could not decode (${error})`)
}

export function planUnread(facts: Unread): Keep {
  // SVG and ICO are never handed to sharp.
  if (facts.read === 'never') return keep(facts.sniffed, `${facts.sniffed} is uploaded as it is`)
  return firstAnswer(FAILED_RULES, couldNotDecode, facts)
}

/** A readable image and what follows from it under these options, worked out once for the rules. */
export interface Subject {
  facts: Readable
  options: CompressOptions
  /** Bigger than maxWidth × maxHeight (as displayed). */
  resized: boolean
  mark: Encode['mark']
  marked: boolean
  /** Resized, turned upright, watermarked, or leaking metadata as it is: a cause to re-encode whatever the bytes. */
  mustRewrite: boolean
  /** The format choice (output-format.ts): no format = keep the original. */
  target: OutputChoice
}

/** A readable image, in order; then `encodeAsChosen`. A rule that picks another format returns `encodeAs(s, …)`. */
const RULES: ReadonlyArray<(image: Subject) => Plan | undefined> = [
  // A bomb is never decoded: sharp refuses it from the header alone, and the original goes up, stripped.
  function overPixelLimit({ facts, options }) {
    const over = facts.overLimit || (options.limitInputPixels > 0 && facts.pixels > options.limitInputPixels)
    return over ? keep(facts.source, describePixelLimit(facts.pixels, options.limitInputPixels)) : undefined
  },
  // Unknown formats, animations a format cannot hold, GIF/AVIF that need no rewrite, HEIF/JXL not asked to convert.
  function noOutputFormat({ facts, target }) {
    return !facts.source || !target.format ? keep(facts.source, target.reason) : undefined
  },
  // Re-encoding a JPEG above its own quality only adds bytes; at or below it, only with a cause.
  function jpegAtOrBelowItsQuality(s) {
    const own = s.facts.jpegQuality
    const asked = s.options.quality
    return jpegToJpeg(s) && own !== undefined && own <= asked && !s.mustRewrite ? keep('jpeg', `already a JPEG at quality ≈ ${own}`) : undefined
  }
]

function encodeAsChosen(s: Subject): Plan {
  const { source } = s.facts
  const { format } = s.target
  // noOutputFormat has answered when either is missing; this keep only tells the compiler so.
  return source && format ? encodeAs(s, source, { ...s.target, format }) : keep(source, s.target.reason)
}

export function planEncode(facts: Readable, options: CompressOptions): Plan {
  return firstAnswer(RULES, encodeAsChosen, subjectOf(facts, options))
}

export function subjectOf(facts: Readable, options: CompressOptions): Subject {
  const resized = (options.maxWidth > 0 && facts.width > options.maxWidth) || (options.maxHeight > 0 && facts.height > options.maxHeight)
  const mark = planMark(options, facts, resized, facts.frames)
  const marked = mark.skip === undefined
  const rewriteFor = resized || facts.orientation !== 1 || marked
  const target = chooseOutput(facts.source, options.convertTo, facts.frames, rewriteFor, facts.originalLeaks, options.formats, facts.picture)
  return { facts, options, resized, mark, marked, mustRewrite: rewriteFor || facts.originalLeaks, target }
}

/** The encode of `target`, and when the original may still win over it (choose.ts). */
export function encodeAs(s: Subject, source: ImageFormat, target: OutputChoice & { format: OutputFormat }): Encode {
  const { facts, options } = s
  const sameJpeg = source === 'jpeg' && target.format === 'jpeg'
  const own = sameJpeg ? facts.jpegQuality : undefined
  // AVIF's scale is gentler than JPEG's: the same setting asks for the AVIF quality that looks like it.
  const asked = target.format === 'avif' ? avifQualityFor(options.quality) : options.quality
  // An image that must be turned upright always takes the re-encoded copy: stripped of its EXIF, the original would
  // lie sideways. Otherwise the re-encode must beat the original by 5%, or for a resize or conversion not be bigger.
  const originalMayWin = facts.orientation === 1 && source !== 'heif' && !s.marked && !facts.originalLeaks
  return {
    action: 'encode',
    source,
    format: target.format,
    quality: Math.min(asked, own ?? asked),
    lossless: target.lossless,
    ...(target.format === 'png' && !target.lossless ? { palette: paletteKindOf(facts.picture) } : {}),
    ...(target.format === 'jpeg' && s.mark.size.width * s.mark.size.height > ONE_PASS_JPEG_ABOVE_PIXELS ? { onePass: true } : {}),
    remark: target.reason,
    orientation: facts.orientation,
    resized: s.resized,
    hasAlpha: facts.hasAlpha,
    mark: s.mark,
    keepOriginalUnder: originalMayWin ? (s.resized || target.format !== source ? 0 : MIN_SAVING) : undefined
  }
}

function firstAnswer<S, P>(rules: ReadonlyArray<(subject: S) => P | undefined>, otherwise: (subject: S) => P, subject: S): P {
  for (const rule of rules) {
    const answer = rule(subject)
    if (answer !== undefined) return answer
  }
  return otherwise(subject)
}

function keep(format: ImageFormat | undefined, reason: string): Keep {
  return { action: 'keep', format, reason }
}

function jpegToJpeg({ facts, target }: Subject): boolean {
  return facts.source === 'jpeg' && target.format === 'jpeg'
}

/** The output size (as sharp's resize inside will make it) and why no watermark goes on, if none does. */
function planMark(options: CompressOptions, upright: { width: number; height: number }, resized: boolean, frames: number): Encode['mark'] {
  let size = { width: upright.width, height: upright.height }
  if (resized) {
    const scale = Math.min(options.maxWidth > 0 ? options.maxWidth / upright.width : 1, options.maxHeight > 0 ? options.maxHeight / upright.height : 1, 1)
    size = { width: Math.max(1, roundHalfEven(upright.width * scale)), height: Math.max(1, roundHalfEven(upright.height * scale)) }
  }
  if (!options.watermark) return { size, skip: 'off' }
  return { size, skip: watermarkSkip(options.watermark, size, frames) }
}

/** As libvips rounds a resized size (rint): the frames of a resized animation are exactly where the marks go. */
function roundHalfEven(value: number): number {
  const down = Math.floor(value)
  const fraction = value - down
  if (fraction !== 0.5) return Math.round(value)
  return down % 2 === 0 ? down : down + 1
}
