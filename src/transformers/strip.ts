/**
 * The lossless metadata stage, for when compression does not run (switched off, or sharp cannot be loaded):
 * "keepMetadata: false" still means no EXIF, GPS or XMP leaves the computer. The pixels are not touched; a JPEG's
 * EXIF orientation tag alone is kept, so a sideways-stored photo still displays upright.
 */
import { jpegOrientation } from '../image/exif-orientation'
import { sniffFormat } from '../image/image-format'
import { stripMetadata } from '../image/strip-metadata'
import type { Stage } from './types'

export const stripLossless: Stage<Record<string, never>> = async (image) => {
  const format = sniffFormat(image.buffer)
  if (format === undefined) return image
  const orientation = format === 'jpeg' ? jpegOrientation(image.buffer) : 1
  const stripped = stripMetadata(image.buffer, format, { orientation })
  const notes: string[] = []
  if (stripped.removed.length > 0) {
    notes.push(`not compressed; removed ${stripped.removed.join(', ')} losslessly${orientation !== 1 ? ` (kept EXIF orientation ${orientation})` : ''}`)
  }
  if (!stripped.complete) notes.push('metadata (EXIF/GPS) may remain: this file could not be fully stripped')
  return notes.length === 0 ? image : { ...image, buffer: stripped.buffer, notes: [...(image.notes ?? []), ...notes] }
}
