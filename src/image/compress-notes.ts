/** The human-readable lines the compression stage adds to an image's notes. */
import type { OutputInfo } from 'sharp'
import type { Lossless, OutputFormat } from './encoder-options'
import type { ImageFormat } from './image-format'

export interface EncodeSummary {
  format: OutputFormat
  quality: number
  /** A lossless PNG: "truecolour" is named so, "palette" as "png palette q100". */
  lossless?: Lossless
  source: ImageFormat
  orientation: number
  resized: boolean
  /** Size of the input as displayed (after orientation), one frame. */
  upright: { width: number; height: number }
  info: OutputInfo
  remark: string
}

/** "jpeg q80, from png, resized 4000×3000 → 1920×1440, turned upright from EXIF orientation 6". */
export function describeEncode(s: EncodeSummary): string {
  const parts = [s.format === 'gif' ? 'gif' : s.lossless === 'truecolour' ? `${s.format} lossless` : s.format === 'png' ? `png palette q${s.quality}` : `${s.format} q${s.quality}`]
  if (s.format !== s.source) parts.push(`from ${s.source}`)
  if (s.remark) parts.push(s.remark)
  if (s.resized) parts.push(`resized ${s.upright.width}×${s.upright.height} → ${s.info.width}×${s.info.pageHeight ?? s.info.height}`)
  if (s.orientation !== 1) parts.push(`turned upright from EXIF orientation ${s.orientation}`)
  if ((s.info.pages ?? 1) > 1) parts.push(`${s.info.pages} frames`)
  return parts.join(', ')
}

/** "300 megapixels exceeds the 100 megapixel limit" (in pixels for limits below 0.1 MP). */
export function describePixelLimit(pixels: number, limit: number): string {
  const count = (value: number): string => {
    if (limit < 100_000) return `${value} pixel`
    const mp = value / 1e6
    return `${mp >= 10 ? Math.round(mp) : Math.round(mp * 10) / 10} megapixel`
  }
  return `${count(pixels)}s exceeds the ${count(limit)} limit`
}


/** "12%", or "0.4%" below one percent. */
export function percent(fraction: number): string {
  return fraction < 0.01 ? `${(fraction * 100).toFixed(1)}%` : `${Math.round(fraction * 100)}%`
}
