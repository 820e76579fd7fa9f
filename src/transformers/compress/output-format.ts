import type { Lossless, OutputFormat, PaletteKind } from '../../image/encoder-options'
import type { ImageFormat } from '../../image/image-format'
import type { FormatMode } from '../../settings/config'
import type { PictureFacts } from '../../image/photo-like'

/** Vector and icon files: never handed to sharp, uploaded as they are. */
export const PASSED_THROUGH: ReadonlySet<ImageFormat> = new Set(['svg', 'ico'])
/** Written back as themselves when convertTo is 'keep' (and replace the original when it pays). */
const RECOMPRESSED: ReadonlySet<ImageFormat> = new Set(['jpeg', 'png', 'webp'])
/** Written again only when they must be resized or turned upright; otherwise uploaded as they are. */
const REWRITTEN_ONLY_WHEN_NEEDED: ReadonlySet<ImageFormat> = new Set(['gif', 'avif'])
const ANIMATABLE: ReadonlySet<OutputFormat> = new Set(['webp', 'gif'])

export interface OutputChoice {
  /** The format to encode, or undefined to upload the original. */
  format?: OutputFormat
  /** Why the original is kept, or a remark on the choice ("" when there is nothing to say). */
  reason: string
  /**
   * Encode without loss (the pixels come back exactly): the format changes, the picture does not. "palette" for
   * images of at most 256 colours (a GIF frame), "truecolour" for any.
   */
  lossless?: Lossless
}

/**
 * Where what the pixels say can change the output: the format per picture (settings "formats", a PNG under convertTo
 * "keep"), and how a palette PNG is made (flat art or a smooth picture), whatever "formats" says.
 */
export function needsPictureFacts(source: ImageFormat | undefined, convertTo: 'keep' | OutputFormat, pages: number): boolean {
  if (pages > 1) return false
  return convertTo === 'keep' ? source === 'png' : convertTo === 'png'
}

/** A lossy palette PNG of a picture the pixels call photo-like, or that was not looked at, is dithered. */
export function paletteKindOf(picture: PictureFacts | undefined): PaletteKind {
  return picture?.photoLike === false ? 'flat' : 'smooth'
}

/**
 * What to write for an image of `source` format with `pages` frames. An animation is never flattened
 * into a one-frame format: it stays animated in its own format instead, and says so. `originalLeaks`: the
 * original cannot be kept, as its metadata must go and cannot be removed without re-encoding (TIFF); a format
 * not written back as itself then becomes a lossless PNG.
 */
export function chooseOutput(
  source: ImageFormat | undefined,
  convertTo: 'keep' | OutputFormat,
  pages: number,
  mustRewrite: boolean,
  originalLeaks = false,
  formats: FormatMode = 'compatible',
  picture?: PictureFacts
): OutputChoice {
  if (!source) return { reason: 'unknown image format' }
  if (convertTo === 'keep' && formats !== 'same') {
    const perPicture = formatForPicture(source, formats, pages, picture)
    if (perPicture) return perPicture
  }
  // Most browsers cannot show HEIC: converted when this sharp can decode it (HEVC), else kept with a warning.
  if (source === 'heif' && convertTo === 'keep' && pages <= 1) return { format: 'jpeg', reason: 'from HEIC, which most browsers cannot show' }
  // A GIF frame has at most 256 colours: an exact palette PNG holds the same pixels, usually in fewer bytes
  // (the stage keeps the GIF when it is not bigger).
  if (source === 'gif' && convertTo === 'keep' && formats !== 'same' && pages <= 1 && !mustRewrite)
    return { format: 'png', lossless: 'palette', reason: 'from a static GIF, lossless' }
  let remark = ''
  if (convertTo !== 'keep') {
    if (pages <= 1 || ANIMATABLE.has(convertTo)) return { format: convertTo, reason: '' }
    remark = `not converted: ${convertTo} cannot hold ${pages} frames`
  }
  const own = source as OutputFormat
  if (RECOMPRESSED.has(source)) return { format: own, reason: remark }
  if (REWRITTEN_ONLY_WHEN_NEEDED.has(source) && (mustRewrite || originalLeaks)) return { format: own, reason: remark }
  if (remark) return { reason: `${convertTo} cannot hold the ${pages} frames of this ${source}` }
  if (originalLeaks) return { format: 'png', lossless: 'truecolour', reason: 'the only way to remove its EXIF/GPS' }
  return REWRITTEN_ONLY_WHEN_NEEDED.has(source)
    ? { reason: `${source} is uploaded as it is unless resized or converted` }
    : { reason: `${source} is uploaded as it is (set convertTo to convert it)` }
}

/**
 * The format per picture, measured on the corpus with three judges (bench/results/formats.md): a photo-like PNG stores
 * in a fraction of its palette PNG's bytes as a JPEG (opaque only: JPEG has no alpha) or, where modern formats are
 * allowed, as an AVIF, and scores better (no banding); an animated GIF is smaller as a lossless animated WebP.
 * The stage still keeps the original when the new format is not smaller.
 */
function formatForPicture(source: ImageFormat, formats: Exclude<FormatMode, 'same'>, pages: number, picture?: PictureFacts): OutputChoice | undefined {
  if (source === 'png' && picture?.photoLike) {
    if (formats === 'modern') return { format: 'avif', reason: 'photo-like' }
    if (picture.opaque) return { format: 'jpeg', reason: 'photo-like and opaque' }
  }
  if (source === 'gif' && pages > 1 && formats === 'modern') return { format: 'webp', lossless: 'truecolour', reason: 'lossless' }
  return undefined
}
