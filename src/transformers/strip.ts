/**
 * The lossless metadata stage, for when compression does not run (switched off, or sharp cannot be loaded):
 * "keepMetadata: false" still means no EXIF, GPS or XMP leaves the computer. The pixels are not touched; a JPEG's
 * EXIF orientation tag alone is kept, so a sideways-stored photo still displays upright. A file whose metadata
 * cannot be removed this way (TIFF) is refused (metadata-refusal.ts).
 */
import { jpegOrientation } from '../image/exif-orientation'
import { sniffFormat } from '../image/image-format'
import { stripMetadata } from '../image/strip-metadata'
import { metadataRefusal } from './metadata-refusal'
import type { Stage } from './types'

export interface StripOptions {
  /** Why compression does not run: the refusal says what would let the file go up. */
  compression: 'off' | 'sharp missing'
}

export const stripLossless: Stage<StripOptions> = async (image, options) => {
  const format = sniffFormat(image.buffer)
  if (format === undefined) return image
  const orientation = format === 'jpeg' ? jpegOrientation(image.buffer) : 1
  const stripped = stripMetadata(image.buffer, format, { orientation })
  if (!stripped.complete) throw metadataRefusal(image.fileName, format, { compression: options.compression })
  if (stripped.removed.length === 0) return image
  const note = `not compressed; removed ${stripped.removed.join(', ')} losslessly${orientation !== 1 ? ` (kept EXIF orientation ${orientation})` : ''}`
  return { ...image, buffer: stripped.buffer, notes: [...(image.notes ?? []), note] }
}
