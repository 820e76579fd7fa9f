import type { AvifOptions, GifOptions, JpegOptions, PngOptions, WebpOptions } from 'sharp'

export type OutputFormat = 'jpeg' | 'png' | 'webp' | 'avif' | 'gif'
/** A lossless PNG: "palette" keeps every pixel of an image of at most 256 colours, "truecolour" of any image. */
export type Lossless = 'palette' | 'truecolour'
/**
 * What a lossy palette PNG holds: "flat" art (a screenshot, a diagram, a logo: runs of one colour, photo-like.ts says
 * so) or a "smooth" picture (photo-like gradients, or one whose pixels were not looked at).
 */
export type PaletteKind = 'flat' | 'smooth'

/** Which of a format's encodes: lossless, the palette kind of a lossy PNG, a JPEG written in one pass. */
export interface EncoderVariant {
  lossless?: Lossless
  palette?: PaletteKind
  onePass?: boolean
}

/**
 * Above this many output pixels a JPEG is written in one pass. Trellis quantisation and Huffman optimisation make
 * libjpeg keep every DCT coefficient of the picture until the end, 6 bytes a pixel (600 MB at 100 MP); one pass keeps
 * a few rows (about 32 MB at 100 MP) and stores about 31 % more bytes (bench/results/pixel-budget.md). The largest
 * camera sensors (61 MP) stay below it.
 */
export const ONE_PASS_JPEG_ABOVE_PIXELS = 64_000_000

/**
 * Encoder settings for each output format, chosen on the benchmark corpus (bench/results/compress.md):
 * the smallest files at SSIM >= 0.97 with one encode, no trial passes.
 * - jpeg: mozjpeg defaults (trellis quantisation, progressive, 4:2:0) without scan optimisation: on the corpus's
 *   JPEGs that search costs about 30 % of the encode CPU for about 1 % of the bytes, losslessly
 *   (bench/results/jpeg-scans.md); on the paste path it is wait for nothing. Trellis saves another 8%.
 *   One pass (above ONE_PASS_JPEG_ABOVE_PIXELS): mozjpeg's quantisation tables and deringing, baseline, no trellis,
 *   the standard Huffman tables.
 * - png: imagequant palette (alpha kept), made two ways (bench/results/palette-kinds.md):
 *   - smooth: dither 0.5 instead of 1.0: gradients stay free of banding (dither 0 bands visibly) while files are up
 *     to a third smaller, as full Floyd-Steinberg noise compresses badly. Effort 7 is imagequant's default; lower
 *     efforts gave much bigger files, except 6: 12 % less encode CPU for 0.4 % more bytes, a mixed judge
 *     (bench/results/palette-effort.md).
 *   - flat: no dither at effort 5. On flat art the dither only sprinkles noise along edges and text, which costs
 *     bytes, and at effort 6 and above imagequant remaps the picture twice for its dither map: without both, the
 *     corpus's flat PNGs are smaller, faster to encode and no worse on any judge.
 * - webp: libwebp's default effort 4; smartSubsample and effort 6 were 1.5-3x slower for <3%.
 * - avif: effort 0 with 4:2:0 chroma, opt-in: about as fast as mozjpeg per megapixel (effort 4 and 4:4:4 were
 *   15-20x slower); the compression stage also runs the default path and keeps whichever is smaller, so the
 *   whole AVIF path costs about 2x the JPEG path. AVIF's scale is gentler than JPEG's: avifQualityFor() maps a
 *   quality to the AVIF quality of the same perceptual level.
 * - gif: only written for resized GIFs.
 */
export function encoderOptions(
  format: OutputFormat,
  quality: number,
  { lossless, palette = 'smooth', onePass = false }: EncoderVariant = {}
): JpegOptions | PngOptions | WebpOptions | AvifOptions | GifOptions {
  if (lossless === 'palette' && format === 'png') return LOSSLESS_PALETTE_PNG
  if (lossless === 'truecolour' && format === 'png') return LOSSLESS_TRUECOLOUR_PNG
  if (lossless === 'truecolour' && format === 'webp') return LOSSLESS_WEBP
  switch (format) {
    case 'jpeg':
      return onePass ? { quality, ...ONE_PASS_JPEG } : { quality, mozjpeg: true, optimiseScans: false }
    case 'png':
      return palette === 'flat'
        ? { palette: true, quality, effort: 5, compressionLevel: 9, dither: 0 }
        : { palette: true, quality, effort: 7, compressionLevel: 9, dither: 0.5 }
    case 'webp':
      return { quality, effort: 4 }
    case 'avif':
      return { quality, effort: 0, chromaSubsampling: '4:2:0' }
    case 'gif':
      return { effort: 7 }
  }
}

/**
 * The AVIF quality that looks like JPEG `quality`: measured at q80, where mozjpeg's quality is matched by AVIF q65 at
 * effort 0 (Butteraugli, SSIMULACRA; issue 28's measurement), and scaled in proportion elsewhere. Passed as is, q80
 * made every AVIF of a photo bigger than its JPEG.
 */
export function avifQualityFor(quality: number): number {
  return Math.max(1, Math.round((quality * 13) / 16))
}

const ONE_PASS_JPEG: JpegOptions = {
  quantisationTable: 3,
  overshootDeringing: true,
  progressive: false,
  trellisQuantisation: false,
  optimiseCoding: false
}
/** At most 256 colours in (a GIF frame): imagequant at quality 100 without dither keeps every pixel exactly. */
const LOSSLESS_PALETTE_PNG: PngOptions = { palette: true, quality: 100, dither: 0, effort: 7, compressionLevel: 9 }
/** Every pixel of every frame as it is (an animated GIF under formats "modern"); libwebp's default effort. */
const LOSSLESS_WEBP: WebpOptions = { lossless: true, effort: 4 }
/** Every pixel as it is; adaptive filtering, as a photo compresses badly unfiltered. */
const LOSSLESS_TRUECOLOUR_PNG: PngOptions = { palette: false, adaptiveFiltering: true, compressionLevel: 6 }

/**
 * sharp's `failOn` for decoding: 'truncated'. A truncated JPEG or PNG, or a PNG with corrupt data, fails the
 * decode instead of coming out with grey fill, and the compression stage then uploads the original as it is:
 * a re-encode of a damaged decode would look like a good, smaller image and lose the rest of the picture for
 * good. libvips warnings during a decode (sharp's 'warning' events) count as damage too,
 * except those about PNG chunks that do not touch the pixels (decode-warnings.ts). 'warning' itself is
 * not used: it also refuses JPEGs with harmless "extraneous bytes" that many phones and editors write.
 */
export const DECODE_FAIL_ON = 'truncated'
