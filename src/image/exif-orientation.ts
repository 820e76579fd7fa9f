import { walkJpeg } from './jpeg-segments'

/**
 * The EXIF orientation (1-8) of JPEG bytes, read from the APP1 "Exif" block without decoding anything, so a
 * kept original can keep its orientation tag (and display upright) when sharp is off or missing.
 */
export function jpegOrientation(jpeg: Buffer): number {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return 1
  // EXIF comes before the image data: the walk stops at the first scan.
  const exif = walkJpeg(jpeg).segments.find(({ marker, start }) => marker === 0xe1 && jpeg.toString('latin1', start + 4, start + 10) === 'Exif\0\0')
  return exif ? tiffOrientation(jpeg.subarray(exif.start + 10, exif.end)) : 1
}

/** Orientation tag (0x0112, SHORT) of IFD0 in a TIFF header; 1 when absent or malformed. */
function tiffOrientation(tiff: Buffer): number {
  if (tiff.length < 8) return 1
  const order = tiff.toString('latin1', 0, 2)
  if (order !== 'II' && order !== 'MM') return 1
  const u16 = (at: number): number => (order === 'II' ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at))
  const u32 = (at: number): number => (order === 'II' ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at))
  const ifd = u32(4)
  if (ifd + 2 > tiff.length) return 1
  const count = u16(ifd)
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12
    if (entry + 12 > tiff.length) return 1
    if (u16(entry) === 0x0112 && u16(entry + 2) === 3) {
      const value = u16(entry + 8)
      return value >= 1 && value <= 8 ? value : 1
    }
  }
  return 1
}
