/**
 * Is this picture a photo (or painted like one), or a screenshot, a diagram, a flat illustration? A JPEG stores a
 * photo in a fraction of a palette PNG's bytes and looks better doing it (no banding); on text and flat colour it
 * rings. The tell is how often a pixel repeats its neighbour: screenshots and flat art are runs of one colour, a
 * photo's noise hardly ever repeats. Measured on the corpus (what it chose: bench/results/formats.md), on a 512-pixel thumbnail:
 * screenshots 0.62–0.92, flat logos and line art 0.54–0.94, photos 0.02–0.11, painted illustrations 0.15–0.48.
 */
import type { Sharp } from 'sharp'

/** Below this share of repeating neighbours a picture is photo-like; the margin to the nearest screenshot is 0.07. */
export const PHOTO_LIKE_BELOW = 0.55
/** The thumbnail's longer side: enough pixels to tell, decoded in about 15 ms for a 1.3 MP screenshot. */
const THUMBNAIL = 512

/** What the pixels say, for the choice of a format per picture; read only where it can change the format. */
export interface PictureFacts {
  photoLike: boolean
  /** Every pixel fully opaque (a JPEG would lose nothing by flattening). */
  opaque: boolean
}

export interface RawPixels {
  data: Uint8Array
  width: number
  height: number
  channels: number
}

/** Share of right and lower neighbours with the same colour (alpha ignored), from 0 (all differ) to 1 (one colour). */
export function repeatingShare({ data, width, height, channels }: RawPixels): number {
  let same = 0
  let pairs = 0
  const colourAt = (offset: number): number => (data[offset]! << 16) | (data[offset + 1]! << 8) | data[offset + 2]!
  const grey = channels < 3
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const here = (y * width + x) * channels
      const colour = grey ? data[here]! : colourAt(here)
      if (x + 1 < width) {
        pairs++
        if ((grey ? data[here + channels]! : colourAt(here + channels)) === colour) same++
      }
      if (y + 1 < height) {
        pairs++
        if ((grey ? data[here + width * channels]! : colourAt(here + width * channels)) === colour) same++
      }
    }
  }
  return pairs === 0 ? 1 : same / pairs
}

/**
 * Whether `pipeline`'s picture is photo-like, judged on a nearest-neighbour thumbnail (nearest keeps runs of one
 * colour exact) in the picture's own colours: an embedded ICC profile's transform to sRGB is work on every pixel, and
 * it changes which neighbours repeat only where it maps two colours to one. `pipeline` is a fresh sharp instance of the
 * input; it is consumed.
 */
export async function looksLikePhoto(pipeline: Sharp): Promise<boolean> {
  const { data, info } = await pipeline
    .keepIccProfile()
    .resize(THUMBNAIL, THUMBNAIL, { fit: 'inside', kernel: 'nearest', withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true })
  return repeatingShare({ data, width: info.width, height: info.height, channels: info.channels }) < PHOTO_LIKE_BELOW
}

/**
 * The facts the format per picture needs, each from its own fresh pipeline (`open`): photo-likeness from a thumbnail,
 * then, only for a photo-like picture with an alpha channel and only when asked, whether every pixel is opaque.
 * `depth`: sharp's depth of the picture ("uchar" for 8 bits a channel). Undefined when the pixels cannot be read:
 * the encode that follows meets the same fault and reports it as damage.
 */
export async function pictureFactsOf(
  open: () => Sharp,
  { hasAlpha, needOpacity, depth }: { hasAlpha: boolean; needOpacity: boolean; depth?: string }
): Promise<PictureFacts | undefined> {
  try {
    const photoLike = await looksLikePhoto(open())
    const opaque = !hasAlpha || (photoLike && needOpacity && (await everyPixelOpaque(open(), depth === 'uchar')))
    return { photoLike, opaque }
  } catch {
    return undefined
  }
}

/** Bytes of 255 that an 8-bit alpha channel is compared with, a slice at a time. */
const OPAQUE_RUN = Buffer.alloc(64 * 1024, 255)

/**
 * No pixel even slightly transparent. An 8-bit alpha channel is decoded alone and compared with runs of 255: about
 * one decode, where libvips's statistics of every channel cost seven (calla, 8.9 MP: 100 ms against 700–980 ms).
 * Deeper alpha goes to the statistics, which see every bit (a cast to 8 bits would call 65534 opaque).
 */
async function everyPixelOpaque(pipeline: Sharp, eightBit: boolean): Promise<boolean> {
  if (!eightBit) return (await pipeline.stats()).isOpaque
  const alpha = await pipeline.extractChannel('alpha').raw().toBuffer()
  for (let start = 0; start < alpha.length; start += OPAQUE_RUN.length) {
    const slice = alpha.subarray(start, start + OPAQUE_RUN.length)
    if (!slice.equals(OPAQUE_RUN.subarray(0, slice.length))) return false
  }
  return true
}
