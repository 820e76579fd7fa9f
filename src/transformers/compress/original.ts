/**
 * The original as it goes up when the plan (or the choice after encoding) keeps it: EXIF/GPS, XMP, IPTC and comments
 * removed losslessly (strip-metadata.ts) unless keepMetadata is on, so falling back never leaks what re-encoding would
 * have removed; where that cannot be done (TIFF), it is refused (metadata-refusal.ts).
 */
import { fileTypeOf, type ImageFormat } from '../../image/image-format'
import { stripMetadata } from '../../image/strip-metadata'
import { metadataRefusal } from '../metadata-refusal'
import type { StageImage } from '../types'
import { keptNote } from './notes'
import type { CompressOptions } from './options'

/** The plan's (or a later choice's) answer "keep the original, because …". */
export interface Keep {
  action: 'keep'
  /** The kept original's real format, when known. */
  format?: ImageFormat
  /** Why, for the note "kept original: <reason>". */
  reason: string
  /** What the user must hear besides (a damaged image, a HEIC no browser but Safari shows). */
  warning?: string
}

export interface OriginalBytes {
  /** Copied from the input on first read (strip-metadata.ts): until the original is kept, only its length is needed. */
  readonly buffer: Buffer
  length: number
  /** "; removed EXIF, XMP", or "" when nothing was removed. */
  remark: string
  /** False when metadata that must go remains (strip-metadata.ts could not remove all of it). */
  complete: boolean
}

/** The original bytes as they would be uploaded: metadata removed losslessly unless it is kept. */
export function originalBytes(input: Buffer, format: ImageFormat | undefined, options: CompressOptions, orientation?: number): OriginalBytes {
  if (options.keepMetadata) return { buffer: input, length: input.length, remark: '', complete: true }
  // A kept EXIF orientation tag keeps a photo that was never decoded (over the limit) upright.
  const stripped = stripMetadata(input, format, { orientation })
  const remark = stripped.removed.length ? `; removed ${stripped.removed.join(', ')}` : ''
  return {
    get buffer() {
      return stripped.buffer
    },
    length: stripped.length,
    remark,
    complete: stripped.complete
  }
}

/** What the header says of the input: the orientation a kept original keeps, the size it is shown at. */
export interface Upright {
  orientation: number
  width: number
  height: number
}

/** The kept original, named by its real format, with a note saying why (and a warning when the plan has one). */
export function keptOriginal(
  image: StageImage,
  keep: Keep,
  options: CompressOptions,
  upright?: Upright,
  bytes = originalBytes(image.buffer, keep.format, options, upright?.orientation)
): StageImage {
  const { format, reason, warning } = keep
  if (format && !bytes.complete) throw metadataRefusal(image.fileName, format, { compression: 'kept original', reason })
  return {
    ...image,
    buffer: bytes.buffer,
    ...(format ? fileTypeOf(format) : {}),
    ...(upright ? { width: upright.width, height: upright.height } : {}),
    notes: [...(image.notes ?? []), keptNote(reason, bytes.remark, options.watermark)],
    ...(warning ? { warnings: [...(image.warnings ?? []), warning] } : {})
  }
}
