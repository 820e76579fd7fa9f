/**
 * Lossless removal of EXIF/GPS, XMP, IPTC, comments and text metadata from JPEG, PNG, WebP, GIF,
 * HEIF/AVIF and JPEG XL bytes, keeping the colour profile and everything needed to display the image. Used when
 * the original bytes are uploaded instead of a re-encoded copy, so falling back never leaks
 * what re-encoding would have removed. The pixel data is copied untouched; bytes after the end of
 * the image (phones append motion-photo videos and depth maps there) are dropped too.
 */
import type { ImageFormat } from './image-format'
import { walkJpeg } from './jpeg-segments'
import { heifMetadataRanges } from './strip-heif'
import { jxlBoxes, jxlRemoval } from './strip-jxl'

export interface StripOptions {
  /**
   * JPEG only: EXIF orientation (2-8) to keep in a minimal EXIF block, so an image that cannot
   * be rotated upright by re-encoding still displays upright without its other metadata.
   */
  orientation?: number
}

export interface StripResult {
  /**
   * The stripped bytes; the input Buffer itself when nothing was removed. Copied on first read only: the compression
   * stage needs the stripped original's length to decide, and its bytes only when it keeps it (a 100 MP PNG's copy
   * is 95 MB held beside the encode otherwise).
   */
  readonly buffer: Buffer
  /** The stripped bytes' length, known without copying them. */
  length: number
  /** What was removed, for the log: "EXIF", "XMP", "comment", ... */
  removed: string[]
  /**
   * False when metadata may remain: the format is not handled here (TIFF), or the file's structure
   * breaks off before its image data where more blocks could follow, so the rest could not be walked.
   * A file that ends where a block ends (cut short before its image data) has nothing left to hide.
   */
  complete: boolean
}

/** Formats whose metadata can be removed here, or that carry none: for the others (TIFF) only re-encoding removes it. */
export function stripsLosslessly(format: ImageFormat): boolean {
  return format !== 'tiff'
}

/** Removes metadata from `input` without decoding it; never throws and never modifies `input`. */
export function stripMetadata(input: Buffer, format: ImageFormat | undefined, options: StripOptions = {}): StripResult {
  const splice = new Splice(input)
  try {
    if (format === 'jpeg') stripJpeg(splice, options.orientation ?? 1)
    else if (format === 'png') stripPng(splice)
    else if (format === 'webp') stripWebp(splice)
    else if (format === 'gif') stripGif(splice)
    else if (format === 'heif' || format === 'avif') stripHeif(splice)
    else if (format === 'jxl') stripJxl(splice)
    else return { buffer: input, length: input.length, removed: [], complete: format === 'svg' || format === 'ico' || format === 'bmp' }
  } catch {
    return { buffer: input, length: input.length, removed: [], complete: false } // malformed beyond what the walkers tolerate
  }
  let copied: Buffer | undefined
  return {
    get buffer() {
      copied ??= splice.result()
      return copied
    },
    length: splice.length(),
    removed: [...splice.removed],
    complete: splice.complete
  }
}

/** Builds the output as kept ranges of the input plus inserted bytes; copies only once, at the end. */
class Splice {
  readonly removed = new Set<string>()
  /**
   * Set by the walkers once no metadata can remain: every block before the image data has been seen,
   * or the file ended where a block ended.
   */
  complete = false
  private readonly parts: Buffer[] = []
  private changed = false
  constructor(readonly input: Buffer) {}
  keep(start: number, end: number): void {
    if (end > start) this.parts.push(this.input.subarray(start, end))
  }
  drop(start: number, end: number, what: string): void {
    if (end > start) {
      this.changed = true
      this.removed.add(what)
    }
  }
  insert(bytes: Buffer): void {
    this.parts.push(bytes)
    this.changed = true
  }
  result(): Buffer {
    return this.changed ? Buffer.concat(this.parts) : this.input
  }
  length(): number {
    return this.changed ? this.parts.reduce((sum, part) => sum + part.length, 0) : this.input.length
  }
}

// JPEG: keep JFIF (APP0), ICC profile (APP2) and Adobe (APP14, needed for colour transforms);
// drop every other APPn (EXIF/XMP in APP1, MPF in APP2, IPTC in APP13, vendor blocks) and COM.
function stripJpeg(s: Splice, orientation: number): void {
  const b = s.input
  const walk = walkJpeg(b, { throughScans: true })
  let exifSeen = false
  let p = 0
  for (const { marker, start, end, dataEnd } of walk.segments) {
    s.keep(p, start) // SOI, fill bytes
    const removal = marker === 0xfe || (marker >= 0xe0 && marker <= 0xef) ? jpegRemoval(marker, b.subarray(start + 4, end)) : undefined
    if (removal) {
      if (removal === 'EXIF' && !exifSeen) {
        exifSeen = true
        insertOrientation(s, orientation)
      }
      s.drop(start, end, removal)
    } else s.keep(start, end)
    p = end
    if (dataEnd !== undefined) {
      s.complete = true
      s.keep(end, dataEnd)
      p = dataEnd
    }
  }
  s.keep(p, walk.at)
  if (walk.end === 'end-of-image') {
    s.keep(walk.at, walk.at + 2)
    s.drop(walk.at + 2, b.length, 'trailing data')
    return
  }
  if (walk.end === 'short') s.complete = true // ended after a whole segment: too few bytes left for another
  s.keep(walk.at, b.length) // truncated or unparseable tail: leave it as it was
}

function jpegRemoval(marker: number, payload: Buffer): string | undefined {
  const sig = (text: string): boolean => payload.subarray(0, text.length).toString('latin1') === text
  if (marker === 0xe0 && sig('JFIF\0')) return undefined
  if (marker === 0xe2 && sig('ICC_PROFILE\0')) return undefined
  if (marker === 0xee && sig('Adobe')) return undefined
  if (marker === 0xfe) return 'comment'
  if (marker === 0xe1) return sig('Exif\0') ? 'EXIF' : 'XMP'
  if (marker === 0xed) return 'IPTC'
  if (marker === 0xe2 && sig('MPF\0')) return 'MPF'
  return `APP${marker - 0xe0}`
}

/** A minimal big-endian EXIF block holding only the Orientation tag. */
function insertOrientation(s: Splice, orientation: number): void {
  if (!Number.isInteger(orientation) || orientation < 2 || orientation > 8) return
  const block = Buffer.alloc(36)
  block.writeUInt16BE(0xffe1, 0)
  block.writeUInt16BE(34, 2)
  block.write('Exif\0\0MM\0\x2a', 4, 'latin1')
  block.writeUInt32BE(8, 14) // offset of IFD0 from the TIFF header
  block.writeUInt16BE(1, 18) // one entry
  block.writeUInt16BE(0x0112, 20) // Orientation
  block.writeUInt16BE(3, 22) // SHORT
  block.writeUInt32BE(1, 24) // count
  block.writeUInt16BE(orientation, 28)
  // bytes 30-31 pad the value field, 32-35 are the (zero) next-IFD offset
  s.insert(block)
}

// PNG: drop eXIf, tEXt, zTXt, iTXt and tIME; keep iCCP/sRGB/cICP and everything else.
const PNG_REMOVED: Record<string, string> = { eXIf: 'EXIF', tEXt: 'text', zTXt: 'text', iTXt: 'text', tIME: 'timestamp' }

function stripPng(s: Splice): void {
  const b = s.input
  let p = 8
  s.keep(0, 8)
  while (p + 12 <= b.length) {
    const type = b.toString('latin1', p + 4, p + 8)
    const end = p + 12 + b.readUInt32BE(p)
    if (end > b.length) break
    const removal = PNG_REMOVED[type]
    if (removal) s.drop(p, end, removal)
    else s.keep(p, end)
    if (type === 'IDAT') s.complete = true
    p = end
    if (type === 'IEND') {
      s.drop(p, b.length, 'trailing data')
      return
    }
  }
  if (p + 12 > b.length) s.complete = true // ended after a whole chunk: too few bytes left for another
  s.keep(p, b.length)
}

// WebP: drop the EXIF and XMP chunks, clear their VP8X flags and rewrite the RIFF size.
function stripWebp(s: Splice): void {
  const b = s.input
  const riffEnd = Math.min(b.length, 8 + b.readUInt32LE(4))
  s.complete = true // chunks carry their own sizes: every one is seen
  const chunks: Array<{ type: string; start: number; end: number }> = []
  for (let p = 12; p + 8 <= riffEnd;) {
    const length = b.readUInt32LE(p + 4)
    const end = Math.min(riffEnd, p + 8 + length + (length & 1))
    chunks.push({ type: b.toString('latin1', p, p + 4), start: p, end })
    p = end
  }
  const isMetadata = (type: string): boolean => type === 'EXIF' || type === 'XMP '
  const tail = chunks[chunks.length - 1]?.end ?? 12
  if (!chunks.some((c) => isMetadata(c.type)) && riffEnd === b.length) return s.keep(0, b.length)
  const kept = chunks.filter((c) => !isMetadata(c.type))
  const header = Buffer.from(b.subarray(0, 12))
  header.writeUInt32LE(4 + kept.reduce((total, c) => total + c.end - c.start, 0) + (riffEnd - tail), 4)
  s.insert(header)
  for (const chunk of chunks) {
    if (isMetadata(chunk.type)) s.drop(chunk.start, chunk.end, chunk.type === 'EXIF' ? 'EXIF' : 'XMP')
    else if (chunk.type === 'VP8X' && chunk.end - chunk.start >= 9) {
      const vp8x = Buffer.from(b.subarray(chunk.start, chunk.end))
      vp8x[8] = vp8x[8]! & ~(0x08 | 0x04) // EXIF and XMP flags
      s.insert(vp8x)
    } else s.keep(chunk.start, chunk.end)
  }
  s.keep(tail, riffEnd)
  s.drop(riffEnd, b.length, 'trailing data')
}

// HEIF/AVIF: blank the EXIF and XMP items in place (strip-heif.ts); the file keeps its size and layout.
function stripHeif(s: Splice): void {
  const ranges = heifMetadataRanges(s.input)
  if (ranges === undefined) return s.keep(0, s.input.length)
  let p = 0
  for (const range of [...ranges].sort((a, b) => a.start - b.start)) {
    if (range.start < p) return void s.keep(p, s.input.length) // overlapping extents: leave the rest as it was
    s.keep(p, range.start)
    s.drop(range.start, range.end, range.what)
    s.insert(Buffer.alloc(range.end - range.start))
    p = range.end
  }
  s.keep(p, s.input.length)
  s.complete = true
}

// JPEG XL: drop every box a decoder does not need (strip-jxl.ts); a bare codestream has no metadata to drop.
function stripJxl(s: Splice): void {
  const b = s.input
  const boxes = b[0] === 0xff && b[1] === 0x0a ? [] : jxlBoxes(b)
  if (boxes === undefined) return s.keep(0, b.length)
  for (const box of boxes) {
    const removal = jxlRemoval(box)
    if (removal) s.drop(box.start, box.end, removal)
    else s.keep(box.start, box.end)
  }
  if (boxes.length === 0) s.keep(0, b.length)
  // A kept box that claims more bytes than the file has may be cut short, or its size damaged with boxes after it.
  s.complete = !boxes.some((box) => box.cut && !jxlRemoval(box))
}

// GIF: drop comment extensions and application extensions other than looping and ICC profiles.
const GIF_KEPT_APPLICATIONS = ['NETSCAPE2.0', 'ANIMEXTS1.0', 'ICCRGBG1012']

function stripGif(s: Splice): void {
  const b = s.input
  let p = 13 + colourTableSize(b[10]!)
  s.keep(0, Math.min(p, b.length))
  while (p < b.length) {
    const start = p
    const kind = b[p]!
    if (kind === 0x3b) {
      s.keep(p, p + 1)
      s.drop(p + 1, b.length, 'trailing data')
      s.complete = true
      return
    }
    if (kind === 0x2c) {
      s.complete = true
      p += 10 + colourTableSize(b[p + 9] ?? 0) + 1 // descriptor, local colour table, LZW code size
      p = skipSubBlocks(b, p)
      s.keep(start, p)
    } else if (kind === 0x21) {
      const label = b[p + 1]
      p = skipSubBlocks(b, p + 2)
      if (label === 0xfe) s.drop(start, p, 'comment')
      else if (label === 0xff && !GIF_KEPT_APPLICATIONS.includes(b.toString('latin1', start + 3, start + 14))) {
        s.drop(start, p, b.toString('latin1', start + 3, start + 11).startsWith('XMP Data') ? 'XMP' : 'application data')
      } else s.keep(start, p)
    } else break
  }
  if (p >= b.length) s.complete = true // ended after a whole block
  s.keep(p, b.length)
}

function colourTableSize(packed: number): number {
  return packed & 0x80 ? 3 * 2 ** ((packed & 0x07) + 1) : 0
}

function skipSubBlocks(b: Buffer, start: number): number {
  let p = start
  while (p < b.length && b[p] !== 0) p += b[p]! + 1
  return Math.min(p + 1, b.length)
}
