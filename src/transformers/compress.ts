/**
 * The compression stage: turns an image upright, fits it inside maxWidth × maxHeight, converts or
 * re-encodes it with sharp, and keeps the original instead whenever that is the better upload.
 *
 * - The format comes from the bytes (magic numbers), never from the file name.
 * - One sharp instance per image: metadata() reads the header only, the same instance encodes.
 * - The original is kept when re-encoding saves under 5% (or, for a requested resize or
 *   conversion, would be bigger), when it is a JPEG already at or below the target quality, when
 *   it is SVG/ICO, a non-animated-format conversion of an animation, or cannot be decoded. A photo
 *   with an EXIF orientation other than 1 always takes the upright re-encoded copy.
 * - A kept original has EXIF/GPS, XMP, IPTC and comments removed losslessly (strip-metadata.ts)
 *   unless keepMetadata is on, so falling back never leaks what re-encoding would have removed. Where that
 *   cannot be done (TIFF), the image is always re-encoded (a lossless PNG unless convertTo says otherwise), and a
 *   kept original of it is refused (metadata-refusal.ts).
 * - Over limitInputPixels, sharp refuses from the header alone (a bomb costs nothing to detect) and
 *   the original is uploaded, stripped, with only its orientation tag kept so it stays upright.
 * - A watermark (src/image/watermark.ts) is composited in the same pipeline as the encode; a watermarked image
 *   always takes the re-encoded copy (the original carries no mark), and a kept original's note says "no watermark".
 * - Nothing here throws for bad image bytes but that refusal, and the input StageImage and Buffer are never modified.
 */
import sharp, { type Metadata, type OutputInfo, type Sharp } from 'sharp'
import type { AutoQualityFloor } from '../config'
import { reasonOf } from '../errors'
import { autoQualityFor } from '../image/auto-quality'
import { damageIn } from '../image/decode-warnings'
import { describeEncode, describePixelLimit, percent } from '../image/compress-notes'
import { DECODE_FAIL_ON, encoderOptions, type Lossless, type OutputFormat } from '../image/encoder-options'
import { fileTypeOf, sniffFormat, type ImageFormat } from '../image/image-format'
import { estimateJpegQuality } from '../image/jpeg-quality'
import { chooseOutput, PASSED_THROUGH } from '../image/output-format'
import { stripMetadata } from '../image/strip-metadata'
import { watermarkOverlays, watermarkSkip, type WatermarkOptions } from '../image/watermark'
import { metadataRefusal } from './metadata-refusal'
import type { Stage, StageImage } from './types'
import { formatBytes } from '../errors/format-bytes'

export interface CompressOptions {
  /** 1-100, lossy quality; "auto": per image, the lowest that keeps the perceptual floor (auto-quality.ts). */
  quality: number | 'auto'
  /** How high the floor of quality "auto" lies; set with quality "auto" only. */
  autoQualityFloor?: AutoQualityFloor
  convertTo: 'keep' | 'webp' | 'avif' | 'jpeg' | 'png'
  /** 0 = no limit. */
  maxWidth: number
  /** 0 = no limit. */
  maxHeight: number
  /** false: strip EXIF/GPS/XMP, keep the ICC profile. */
  keepMetadata: boolean
  /** Decompression-bomb guard: larger images are uploaded as they are, never decoded. 0 = no limit. */
  limitInputPixels: number
  /** The watermark laid on in the encoding pipeline (src/image/watermark.ts); absent = none. */
  watermark?: WatermarkOptions
  /**
   * Called once the encode is handed to libvips's threads: the main thread is idle until it ends, so the upload
   * path loads its own modules (ali-oss) then instead of after the encode, on the paste's critical path.
   */
  whileEncoding?: () => void
}

/** sharp's answer for bytes in a format it was built without (BMP): not damage, only nothing it can decode. */
const UNDECODABLE_FORMAT = /unsupported image format/i

/** A re-encoded image replaces the original only when it is at least this much smaller. */
export const MIN_SAVING = 0.05
/** Under quality "auto", the quality of what the search does not cover (animations, GIF). */
export const AUTO_FALLBACK_QUALITY = 80

/** What is known of the input once its header is read: enough to describe a kept original. */
interface Known {
  orientation: number
  /** Displayed size (after orientation) of one frame. */
  width: number
  height: number
}

/**
 * AVIF is opt-in and not always smaller: with convertTo "avif" the default path runs too, and its result is
 * stored whenever it is not bigger, so asking for AVIF never costs bytes (it costs the time of both encodes).
 */
export const compress: Stage<CompressOptions> = async (image, options) => {
  if (options.convertTo !== 'avif') return compressOnce(image, options)
  const avif = await compressOnce(image, options)
  if (sniffFormat(image.buffer) === 'avif') return avif
  const standard = await compressOnce(image, { ...options, convertTo: 'keep' })
  if (avif.contentType === 'image/avif' && avif.buffer.length < standard.buffer.length) return avif
  const tried = avif.contentType === 'image/avif' ? `AVIF (${formatBytes(avif.buffer.length)})` : 'AVIF'
  const note = `${tried} was not smaller than the default path's ${formatBytes(standard.buffer.length)}: stored that`
  return { ...standard, notes: [...(standard.notes ?? []), note] }
}

const compressOnce: Stage<CompressOptions> = async (image, options) => {
  const input = image.buffer
  const sniffed = sniffFormat(input)
  if (sniffed && PASSED_THROUGH.has(sniffed)) return original(image, sniffed, options, `${sniffed} is uploaded as it is`)

  const animated = sniffed === 'gif' || sniffed === 'webp'
  const pipeline = sharp(input, { animated, failOn: DECODE_FAIL_ON, limitInputPixels: options.limitInputPixels })
  const header = await readHeader(pipeline, input, animated)
  if ('error' in header) {
    if (sniffed && UNDECODABLE_FORMAT.test(header.error)) return original(image, sniffed, options, `${sniffed} is uploaded as it is (a format this sharp cannot decode)`)
    return sniffed ? damaged(image, sniffed, options, header.error) : original(image, sniffed, options, `could not decode (${header.error})`)
  }
  const { meta } = header
  const source = sniffed ?? formatOf(meta.format)
  const orientation = meta.orientation ?? 1
  const pages = animated ? meta.pages ?? 1 : 1
  const frame = { width: meta.width, height: pages > 1 ? meta.pageHeight ?? meta.height / pages : meta.height }
  const known: Known = { orientation, ...(orientation >= 5 ? { width: frame.height, height: frame.width } : frame) }

  const pixels = meta.width * meta.height // every frame of an animation counts, as in sharp's own check
  if (header.overLimit || (options.limitInputPixels > 0 && pixels > options.limitInputPixels)) {
    return original(image, source, options, describePixelLimit(pixels, options.limitInputPixels), known)
  }

  const resized = (options.maxWidth > 0 && known.width > options.maxWidth) ||
    (options.maxHeight > 0 && known.height > options.maxHeight)
  const mark = planMark(options, known, resized, pages)
  const marked = mark.skip === undefined
  // The original as it would be uploaded; when its metadata cannot be removed losslessly, only a re-encode can go up.
  const fallback = originalBytes(input, source, options)
  const originalLeaks = source !== undefined && !fallback.complete
  const target = chooseOutput(source, options.convertTo, pages, resized || orientation !== 1 || marked, originalLeaks)
  if (!source || !target.format) return original(image, source, options, target.reason, known)

  const auto = options.quality === 'auto'
  let quality = auto ? AUTO_FALLBACK_QUALITY : options.quality as number
  let ownQuality: number | undefined
  if (source === 'jpeg' && target.format === 'jpeg') {
    // Re-encoding a JPEG above its own quality only adds bytes; at or below it, only with a cause
    // (under "auto", the cause can be a smaller file that still keeps the floor).
    ownQuality = estimateJpegQuality(input)
    if (!auto && ownQuality !== undefined && ownQuality <= quality && !resized && orientation === 1 && !marked && !originalLeaks) {
      return original(image, source, options, `already a JPEG at quality ≈ ${ownQuality}`, known)
    }
    quality = Math.min(quality, ownQuality ?? quality)
  }
  let autoRemark = ''
  if (auto && target.lossless !== 'truecolour') {
    const reference = shape(sharp(input, { failOn: DECODE_FAIL_ON, limitInputPixels: options.limitInputPixels }),
      { format: target.format, orientation, resized, hasAlpha: meta.hasAlpha, options })
    const choice = await autoQualityFor(reference, { format: target.format, pages, floor: options.autoQualityFloor ?? 'balanced', ownQuality })
    if (choice.quality !== undefined) quality = choice.quality
    autoRemark = choice.remark
    if (choice.keepsFloor === false && source === 'jpeg' && target.format === 'jpeg' && !resized && orientation === 1 && !marked && !originalLeaks) {
      return original(image, source, options, `quality ${choice.remark}`, known)
    }
  }

  // Drawn before the encode and outside its error handling: a watermark file that cannot be drawn is a setting to fix
  // (watermarkOverlay throws naming it), never a damaged picture.
  const overlay = marked ? await watermarkOverlays(options.watermark as WatermarkOptions, mark.size, pages) : undefined
  const warnings = overlay?.warning ? [overlay.warning] : []
  const decodeWarnings: string[] = []
  pipeline.on('warning', (warning: string) => decodeWarnings.push(warning))
  let output: { data: Buffer; info: OutputInfo }
  try {
    const encoder = encode(pipeline, { format: target.format, quality, lossless: target.lossless, orientation, resized, hasAlpha: meta.hasAlpha, options })
    if (overlay) {
      encoder.composite(overlay.overlays)
      // sharp gives the picture an alpha channel to composite on; an opaque one drops it again, or the encoder
      // would flatten (JPEG) or quantise (PNG) a channel that is 255 everywhere.
      if (!meta.hasAlpha || target.format === 'jpeg') encoder.removeAlpha()
    }
    const encoding = encoder.toBuffer({ resolveWithObject: true })
    options.whileEncoding?.()
    output = await encoding
  } catch (error) {
    // Prebuilt sharp carries libheif for AVIF only; its HEVC failure reads "bad seek" or "not built in: HEVC".
    if (source === 'heif' && meta.compression === 'hevc') return heicKept(image, options, reasonOf(error), known)
    return damaged(image, source, options, reasonOf(error), known)
  }
  const damage = damageIn(decodeWarnings)
  if (damage !== undefined) return damaged(image, source, options, damage, known)
  const { data, info } = output
  const remark = [autoRemark, target.reason, marked ? 'watermarked' : mark.skip === 'off' ? '' : mark.skip].filter(Boolean).join(', ')
  const details = describeEncode({ format: target.format, quality: target.lossless ? 100 : quality, lossless: target.lossless, source, orientation, resized, upright: known, info, remark })

  // An image that must be turned upright always takes the re-encoded copy: stripped of its EXIF,
  // the original would lie sideways. Otherwise the re-encode must beat the original as it would be
  // uploaded (stripped unless metadata is kept, so a "saving" that is only metadata never costs a
  // lossy re-encode): by 5%, or for a requested resize or conversion, at least not be bigger.
  if (orientation === 1 && source !== 'heif' && !marked && !originalLeaks) {
    const saving = 1 - data.length / fallback.buffer.length
    if (resized || target.format !== source ? saving < 0 : saving < MIN_SAVING) {
      const why = saving < 0 ? `made it ${percent(-saving)} bigger` : `saved only ${percent(saving)}`
      return original(image, source, options, `re-encoding (${details}) ${why}`, known, fallback)
    }
  }
  // Only a TIFF's first page is decoded: the user hears that the others are not uploaded.
  if (source === 'tiff' && (meta.pages ?? 1) > 1) {
    warnings.push(`only the first of its ${meta.pages} pages is uploaded, as ${target.format}; to upload the TIFF whole, set "convertTo" to "keep" and "keepMetadata" to true`)
  }
  const verb = data.length < input.length ? 'compressed' : 're-encoded'
  return {
    ...image,
    buffer: data,
    ...fileTypeOf(target.format),
    width: info.width,
    height: info.pageHeight ?? info.height,
    notes: [...(image.notes ?? []), `${verb} ${formatBytes(input.length)} → ${formatBytes(data.length)} (${details})`],
    ...(warnings.length > 0 ? { warnings: [...(image.warnings ?? []), ...warnings] } : {})
  }
}

/** The output size (as sharp's resize inside will make it) and why no watermark goes on, if none does. */
function planMark(options: CompressOptions, known: Known, resized: boolean, pages: number): { size: { width: number; height: number }; skip?: string } {
  let size = { width: known.width, height: known.height }
  if (resized) {
    const scale = Math.min(options.maxWidth > 0 ? options.maxWidth / known.width : 1, options.maxHeight > 0 ? options.maxHeight / known.height : 1, 1)
    size = { width: Math.max(1, roundHalfEven(known.width * scale)), height: Math.max(1, roundHalfEven(known.height * scale)) }
  }
  if (!options.watermark) return { size, skip: 'off' }
  return { size, skip: watermarkSkip(options.watermark, size, pages) }
}

/** As libvips rounds a resized size (rint): the frames of a resized animation are exactly where the marks go. */
function roundHalfEven(value: number): number {
  const down = Math.floor(value)
  const fraction = value - down
  if (fraction !== 0.5) return Math.round(value)
  return down % 2 === 0 ? down : down + 1
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

interface ShapePlan {
  format: OutputFormat
  orientation: number
  resized: boolean
  hasAlpha: boolean
  options: CompressOptions
}

interface EncodePlan extends ShapePlan {
  quality: number
  lossless?: Lossless
}

/** Turned upright, fitted and flattened as the encoder will see it. */
function shape(pipeline: Sharp, plan: ShapePlan): Sharp {
  const { options } = plan
  if (plan.orientation !== 1) pipeline.autoOrient()
  if (plan.resized) {
    pipeline.resize({
      width: options.maxWidth || undefined,
      height: options.maxHeight || undefined,
      fit: 'inside',
      withoutEnlargement: true
    })
  }
  if (plan.format === 'jpeg' && plan.hasAlpha) pipeline.flatten({ background: '#ffffff' })
  return pipeline
}

function encode(pipeline: Sharp, plan: EncodePlan): Sharp {
  const { options } = plan
  shape(pipeline, plan)
  if (options.keepMetadata) pipeline.keepMetadata()
  else pipeline.keepIccProfile()
  return pipeline.toFormat(plan.format, encoderOptions(plan.format, plan.quality, plan.lossless))
}

interface OriginalBytes {
  buffer: Buffer
  remark: string
  /** False when metadata that must go remains (strip-metadata.ts could not remove all of it). */
  complete: boolean
}

/** The original bytes as they would be uploaded: metadata removed losslessly unless it is kept. */
function originalBytes(input: Buffer, format: ImageFormat | undefined, options: CompressOptions, orientation?: number): OriginalBytes {
  if (options.keepMetadata) return { buffer: input, remark: '', complete: true }
  // A kept EXIF orientation tag keeps a photo that was never decoded (over the limit) upright.
  const stripped = stripMetadata(input, format, { orientation })
  const remark = stripped.removed.length ? `; removed ${stripped.removed.join(', ')}` : ''
  return { buffer: stripped.buffer, remark, complete: stripped.complete }
}

/** The kept original, named by its real format, with a note saying why; refused when its metadata cannot be removed. */
function original(
  image: StageImage,
  format: ImageFormat | undefined,
  options: CompressOptions,
  reason: string,
  known?: Known,
  bytes = originalBytes(image.buffer, format, options, known?.orientation)
): StageImage {
  if (format && !bytes.complete) throw metadataRefusal(image.fileName, format, { compression: 'kept original', reason })
  return {
    ...image,
    buffer: bytes.buffer,
    ...(format ? fileTypeOf(format) : {}),
    ...(known ? { width: known.width, height: known.height } : {}),
    notes: [...(image.notes ?? []), `kept original: ${reason}${bytes.remark}${options.watermark && options.watermark.mode !== 'off' ? '; no watermark' : ''}`]
  }
}

/**
 * sharp could not decode all of the pixels: the original goes up as it is (stripped losslessly), never a
 * re-encode of a partial decode, and the user hears about it, as the file is damaged wherever it is shown.
 */
function damaged(image: StageImage, format: ImageFormat, options: CompressOptions, reason: string, known?: Known): StageImage {
  const kept = original(image, format, options, `damaged image (${reason})`, known)
  const warning = `the image is damaged (${reason}): uploaded the original bytes as they are, not compressed; it may show incomplete anywhere`
  return { ...kept, warnings: [...(image.warnings ?? []), warning] }
}

/** HEIC this sharp cannot decode: uploaded as it is (EXIF/GPS blanked unless kept), and the user told why. */
function heicKept(image: StageImage, options: CompressOptions, reason: string, known?: Known): StageImage {
  const kept = original(image, 'heif', options, `this sharp cannot decode HEIC (${reason})`, known)
  const warning = 'HEIC uploaded as it is: most browsers (all but Safari) cannot show it, and this sharp cannot decode ' +
    'HEVC to convert it ("convertTo" needs a sharp built with libde265); export it as JPEG before uploading'
  return { ...kept, warnings: [...(image.warnings ?? []), warning] }
}

const SHARP_FORMATS: Partial<Record<string, ImageFormat>> = {
  jpeg: 'jpeg', png: 'png', webp: 'webp', gif: 'gif', tiff: 'tiff', svg: 'svg', jxl: 'jxl', heif: 'heif'
}

/** For bytes the sniffer did not know but sharp did. */
function formatOf(format: unknown): ImageFormat | undefined {
  return typeof format === 'string' ? SHARP_FORMATS[format] : undefined
}
