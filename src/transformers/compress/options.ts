import type { FormatMode } from '../../settings/config'
import type { WatermarkOptions } from '../../image/watermark-settings'

export interface CompressOptions {
  /** 1-100, lossy quality (AVIF's scale is mapped to look alike: encoder-options.ts). */
  quality: number
  convertTo: 'keep' | 'webp' | 'avif' | 'jpeg' | 'png'
  /** The format per picture with convertTo "keep" (output-format.ts); absent when convertTo names a format. */
  formats?: FormatMode
  /** 0 = no limit. */
  maxWidth: number
  /** 0 = no limit. */
  maxHeight: number
  /** false: strip EXIF/GPS/XMP, keep the ICC profile. */
  keepMetadata: boolean
  /** Decompression-bomb guard: larger images are uploaded as they are, never decoded. 0 = no limit. */
  limitInputPixels: number
  /** The watermark laid on in the encoding pipeline (src/image/watermark.ts); absent = none. */
  watermark?: WatermarkOptions
  /**
   * Called once the encode is handed to libvips's threads: the main thread is idle until it ends, so the upload
   * path loads its own modules (ali-oss) then instead of after the encode, on the paste's critical path.
   */
  whileEncoding?: () => void
}
