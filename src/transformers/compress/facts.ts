/**
 * What the plan decides on, read once per image: the format from the bytes (magic numbers, never the file name),
 * then sharp's header. metadata() reads the header only; the same sharp instance encodes later.
 */
import sharp, { type Metadata, type Sharp } from 'sharp'
import { reasonOf } from '../../errors'
import { DECODE_FAIL_ON } from '../../image/encoder-options'
import { sniffFormat, type ImageFormat } from '../../image/image-format'
import { estimateJpegQuality } from '../../image/jpeg-quality'
import { pictureFactsOf, type PictureFacts } from '../../image/photo-like'
import type { CompressOptions } from './options'
import { originalBytes, type OriginalBytes } from './original'
import { needsPictureFacts, PASSED_THROUGH } from './output-format'

export type Facts = Unread | Readable

/** SVG and ICO are never handed to sharp ('never'); 'failed': sharp could not read the header. */
export type Unread = { read: 'never'; sniffed: ImageFormat } | { read: 'failed'; sniffed?: ImageFormat; error: string }

export interface Readable {
  read: 'header'
  /** The format from the bytes, or sharp's name for bytes the sniffer does not know. */
  source?: ImageFormat
  orientation: number
  /** Frames of an animation (GIF, WebP); 1 for a still image and for every other format. */
  frames: number
  /** Pages as sharp counts them in any format (a multi-page TIFF's), of which only the first is decoded. */
  pages: number
  /** The displayed size (after orientation) of one frame. */
  width: number
  height: number
  /** Every frame's pixels, as sharp's own limit counts them. */
  pixels: number
  /** sharp refused the header for limitInputPixels, before decoding anything. */
  overLimit: boolean
  hasAlpha: boolean
  /** HEIF's codec ("hevc", "av1"). */
  compression?: string
  /** A JPEG's own quality, estimated from its tables (jpeg-quality.ts). */
  jpegQuality?: number
  /** The original as it would go up (stripped unless metadata is kept) still holds metadata that must go (TIFF). */
  originalLeaks: boolean
  /** What the pixels say (photo-like, opaque), read only where it can change the output (output-format.ts), under the limit. */
  picture?: PictureFacts
}

export type Read =
  | { readable: false; facts: Unread }
  /** `pipeline`: the sharp instance that read the header, to encode with; `original`: the bytes a kept original is. */
  | { readable: true; facts: Readable; pipeline: Sharp; original: OriginalBytes }

export async function readFacts(input: Buffer, options: CompressOptions): Promise<Read> {
  const sniffed = sniffFormat(input)
  if (sniffed && PASSED_THROUGH.has(sniffed)) return { readable: false, facts: { read: 'never', sniffed } }
  const animated = sniffed === 'gif' || sniffed === 'webp'
  const pipeline = sharp(input, { animated, failOn: DECODE_FAIL_ON, limitInputPixels: options.limitInputPixels })
  const header = await readHeader(pipeline, input, animated)
  if ('error' in header) return { readable: false, facts: { read: 'failed', sniffed, error: header.error } }
  const { meta } = header
  const source = sniffed ?? formatOf(meta.format)
  const orientation = meta.orientation ?? 1
  const frames = animated ? (meta.pages ?? 1) : 1
  const frame = { width: meta.width, height: frames > 1 ? (meta.pageHeight ?? meta.height / frames) : meta.height }
  const upright = orientation >= 5 ? { width: frame.height, height: frame.width } : frame
  const original = originalBytes(input, source, options)
  const facts: Readable = {
    read: 'header',
    source,
    orientation,
    frames,
    pages: meta.pages ?? 1,
    ...upright,
    pixels: meta.width * meta.height, // every frame of an animation counts, as in sharp's own check
    overLimit: header.overLimit,
    hasAlpha: meta.hasAlpha,
    compression: meta.compression,
    jpegQuality: source === 'jpeg' ? estimateJpegQuality(input) : undefined,
    originalLeaks: source !== undefined && !original.complete
  }
  if (!facts.overLimit && needsPictureFacts(source, options.convertTo, frames)) {
    const open = (): Sharp => sharp(input, { failOn: DECODE_FAIL_ON, limitInputPixels: options.limitInputPixels })
    facts.picture = await pictureFactsOf(open, { hasAlpha: meta.hasAlpha, needOpacity: options.formats === 'compatible', depth: meta.depth })
  }
  return { readable: true, facts, pipeline, original }
}

/**
 * The header, from the pipeline that will encode. sharp checks limitInputPixels against the header
 * before decoding anything and refuses; then the header is read once more without the limit (still
 * nothing decoded), only to report how big the image claims to be.
 */
async function readHeader(pipeline: Sharp, input: Buffer, animated: boolean): Promise<{ meta: Metadata; overLimit: boolean } | { error: string }> {
  try {
    return { meta: await pipeline.metadata(), overLimit: false }
  } catch (error) {
    const reason = reasonOf(error)
    if (!/exceeds pixel limit/i.test(reason)) return { error: reason }
    try {
      return { meta: await sharp(input, { animated, failOn: DECODE_FAIL_ON, limitInputPixels: false }).metadata(), overLimit: true }
    } catch {
      return { error: reason }
    }
  }
}

const SHARP_FORMATS: Partial<Record<string, ImageFormat>> = {
  jpeg: 'jpeg',
  png: 'png',
  webp: 'webp',
  gif: 'gif',
  tiff: 'tiff',
  svg: 'svg',
  jxl: 'jxl',
  heif: 'heif'
}

/** For bytes the sniffer did not know but sharp did. */
function formatOf(format: unknown): ImageFormat | undefined {
  return typeof format === 'string' ? SHARP_FORMATS[format] : undefined
}
