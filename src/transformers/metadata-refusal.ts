/**
 * "keepMetadata: false" promises that no EXIF, GPS or XMP leaves the computer. A file whose metadata the plugin
 * cannot remove (a TIFF that is not re-encoded, a damaged file whose structure breaks off where more metadata
 * could follow) is therefore refused by name, with what would let it go up, instead of uploaded with its metadata.
 */
import { PluginError, printable } from '../errors'
import { isBeforeNode16, olderNodeFix } from '../host-node'
import type { ImageFormat } from '../image/image-format'
import { stripsLosslessly } from '../image/strip-metadata'

/** Why the file is not re-encoded, the only way left to remove its metadata. */
export type NotReencoded =
  | { compression: 'off' }
  | { compression: 'sharp missing' }
  /** The compression stage kept the original, for this reason ("damaged image (…)"). */
  | { compression: 'kept original'; reason: string }

const NAMES: Record<ImageFormat, string> = {
  jpeg: 'JPEG',
  png: 'PNG',
  webp: 'WebP',
  gif: 'GIF',
  avif: 'AVIF',
  heif: 'HEIF',
  tiff: 'TIFF',
  jxl: 'JPEG XL',
  bmp: 'BMP',
  ico: 'ICO',
  svg: 'SVG'
}

const AS_IT_IS = 'or set "keepMetadata" to true to upload it as it is'

export function metadataRefusal(fileName: string, format: ImageFormat, why: NotReencoded): PluginError {
  const name = NAMES[format]
  const start = `${printable(fileName)}: not uploaded: its metadata (EXIF/GPS) cannot be removed`
  let sentence: string
  if (stripsLosslessly(format)) {
    sentence = `${start}, as this ${name} is damaged: its structure breaks off where more metadata could follow; repair or re-export it, ${AS_IT_IS}`
  } else if (why.compression === 'off') {
    sentence = `${start} from a ${name} without compression; set "compress" to true, ${AS_IT_IS}`
  } else if (why.compression === 'sharp missing') {
    const fix = isBeforeNode16() ? olderNodeFix() : 'reinstall the plugin'
    sentence = `${start} from a ${name} without sharp, which could not be loaded; ${fix}, ${AS_IT_IS}`
  } else {
    sentence = `${start} from a ${name} unless it is re-encoded, and it is not (${why.reason}); set "keepMetadata" to true to upload it as it is`
  }
  return new PluginError(sentence, { file: fileName, setting: 'keepMetadata', code: 'MetadataRemains' })
}
