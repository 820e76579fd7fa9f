/**
 * The sentences the compression stage writes: its notes for the log, and the warnings the user hears (a WARN line and
 * a GUI notification). Why an original is kept is said where that is decided: plan.ts, output-format.ts, choose.ts.
 */
import type { OutputInfo } from 'sharp'
import { formatBytes } from '../../errors/format-bytes'
import type { Lossless, OutputFormat } from '../../image/encoder-options'
import type { ImageFormat } from '../../image/image-format'
import type { WatermarkOptions } from '../../image/watermark-settings'

export interface EncodeSummary {
  format: OutputFormat
  quality: number
  /** A lossless PNG: "truecolour" is named so, "palette" as "png palette q100". */
  lossless?: Lossless
  /** A JPEG written in one pass, as it is too big to hold its coefficients. */
  onePass?: boolean
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
  const parts = [
    s.format === 'gif'
      ? 'gif'
      : s.lossless === 'truecolour'
        ? `${s.format} lossless`
        : s.format === 'png'
          ? `png palette q${s.quality}`
          : `${s.format} q${s.quality}`
  ]
  if (s.onePass) parts.push('in one pass, as the picture is too big to optimise in memory')
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

/** "compressed 1.2 MB → 310 KB (jpeg q80)"; "re-encoded" when it did not get smaller (turned upright, watermarked, …). */
export function encodedNote(inputSize: number, outputSize: number, details: string): string {
  const verb = outputSize < inputSize ? 'compressed' : 're-encoded'
  return `${verb} ${formatBytes(inputSize)} → ${formatBytes(outputSize)} (${details})`
}

/** "kept original: <reason>; removed EXIF; no watermark": a kept original carries no mark, and says so when one is on. */
export function keptNote(reason: string, removed: string, watermark: WatermarkOptions | undefined): string {
  return `kept original: ${reason}${removed}${watermark && watermark.mode !== 'off' ? '; no watermark' : ''}`
}

/** A kept original's reason and the warning of a damaged image: the file shows damaged wherever it is shown. */
export function damagedImage(reason: string): { reason: string; warning: string } {
  return {
    reason: `damaged image (${reason})`,
    warning: `the image is damaged (${reason}): uploaded the original bytes as they are, not compressed; it may show incomplete anywhere`
  }
}

/** HEIC this sharp cannot decode (prebuilt sharp carries libheif for AVIF only). */
export function undecodableHeic(reason: string): { reason: string; warning: string } {
  return {
    reason: `this sharp cannot decode HEIC (${reason})`,
    warning:
      'HEIC uploaded as it is: most browsers (all but Safari) cannot show it, and this sharp cannot decode ' +
      'HEVC to convert it ("convertTo" needs a sharp built with libde265); export it as JPEG before uploading'
  }
}

/** Only a TIFF's first page is decoded: the user hears that the others are not uploaded. */
export function tiffPagesLeftOut(pages: number, format: OutputFormat): string {
  return `only the first of its ${pages} pages is uploaded, as ${format}; to upload the TIFF whole, set "convertTo" to "keep" and "keepMetadata" to true`
}

/** With convertTo "avif", when the default path's result is stored instead. */
export function avifNotSmaller(avifSize: number | undefined, standardSize: number): string {
  const tried = avifSize === undefined ? 'AVIF' : `AVIF (${formatBytes(avifSize)})`
  return `${tried} was not smaller than the default path's ${formatBytes(standardSize)}: stored that`
}
