/**
 * The real format of image bytes, from their magic numbers (never from the file name),
 * and the extension and MIME type each format is uploaded with.
 */
export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'avif' | 'heif' | 'tiff' | 'jxl' | 'bmp' | 'ico' | 'svg'

const FILE_TYPE: Record<ImageFormat, { extname: string; contentType: string }> = {
  jpeg: { extname: '.jpg', contentType: 'image/jpeg' },
  png: { extname: '.png', contentType: 'image/png' },
  webp: { extname: '.webp', contentType: 'image/webp' },
  gif: { extname: '.gif', contentType: 'image/gif' },
  avif: { extname: '.avif', contentType: 'image/avif' },
  heif: { extname: '.heic', contentType: 'image/heic' },
  tiff: { extname: '.tif', contentType: 'image/tiff' },
  jxl: { extname: '.jxl', contentType: 'image/jxl' },
  bmp: { extname: '.bmp', contentType: 'image/bmp' },
  ico: { extname: '.ico', contentType: 'image/x-icon' },
  svg: { extname: '.svg', contentType: 'image/svg+xml' }
}

/** Extension (with the dot) and MIME type for a format. */
export function fileTypeOf(format: ImageFormat): { extname: string; contentType: string } {
  return FILE_TYPE[format]
}

/** Detects the format from the first bytes; undefined when it is none of the known ones. */
export function sniffFormat(bytes: Uint8Array): ImageFormat | undefined {
  const ascii = (start: number, end: number): string => String.fromCharCode(...bytes.subarray(start, end))
  const startsWith = (...values: number[]): boolean => values.every((v, i) => bytes[i] === v)
  if (startsWith(0xff, 0xd8, 0xff)) return 'jpeg'
  if (startsWith(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png'
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return 'gif'
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp'
  if (ascii(4, 8) === 'ftyp') return isoBrand(bytes)
  if (startsWith(0x49, 0x49, 0x2a, 0x00) || startsWith(0x4d, 0x4d, 0x00, 0x2a)) return 'tiff'
  if (startsWith(0xff, 0x0a) || ascii(4, 12) === 'JXL \r\n\x87\n') return 'jxl'
  if (ascii(0, 2) === 'BM' && bytes.length >= 26) return 'bmp'
  if (startsWith(0x00, 0x00, 0x01, 0x00) || startsWith(0x00, 0x00, 0x02, 0x00)) return 'ico'
  if (looksLikeSvg(bytes)) return 'svg'
  return undefined
}

/** ISO-BMFF (HEIF family): AVIF when the major or a compatible brand says so, else HEIF. */
function isoBrand(bytes: Uint8Array): ImageFormat | undefined {
  const boxSize = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0
  const end = Math.min(bytes.length, Math.max(16, boxSize))
  const brands: string[] = []
  for (let at = 8; at + 4 <= end; at += 4) {
    if (at === 12) continue // minor version
    brands.push(String.fromCharCode(...bytes.subarray(at, at + 4)))
  }
  if (brands.some((b) => b === 'avif' || b === 'avis')) return 'avif'
  if (brands.some((b) => ['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1'].includes(b))) return 'heif'
  return undefined
}

/** XML text (optionally behind a BOM, prolog, comments or doctype) whose root element is <svg>. */
function looksLikeSvg(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 4096)).toString('utf8')
  const text = head.replace(/^\uFEFF/, '').trimStart()
  if (!text.startsWith('<')) return false
  const withoutProlog = text.replace(/^(<\?xml[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>|\s+)*/i, '')
  return /^<svg[\s>/:]/i.test(withoutProlog)
}
