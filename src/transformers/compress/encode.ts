/**
 * Runs an encode plan with sharp, on the instance that read the header: the watermark composited in the same
 * pipeline, then the encoder. A failure or a damaging decode warning means the pixels
 * could not all be decoded: the plan becomes a kept original (damaged, or HEIC this sharp cannot decode).
 */
import type { OutputInfo, Sharp } from 'sharp'
import { reasonOf } from '../../errors'
import { damageIn } from '../../image/decode-warnings'
import { encoderOptions } from '../../image/encoder-options'
import { watermarkOverlays, type WatermarkOptions } from '../../image/watermark'
import type { Readable } from './facts'
import { damagedImage, undecodableHeic } from './notes'
import type { CompressOptions } from './options'
import type { Encode, Keep } from './plan'

export interface Encoded {
  action: 'encoded'
  data: Buffer
  info: OutputInfo
  /** What the user must hear (a watermark text the font cannot draw). */
  warnings: string[]
}

export async function encodeImage(pipeline: Sharp, plan: Encode, facts: Readable, options: CompressOptions): Promise<Encoded | Keep> {
  // Drawn before the encode and outside its error handling: a watermark file that cannot be drawn is a setting to fix
  // (watermarkOverlay throws naming it), never a damaged picture.
  const overlay = plan.mark.skip === undefined ? await watermarkOverlays(options.watermark as WatermarkOptions, plan.mark.size, facts.frames) : undefined
  const decodeWarnings: string[] = []
  pipeline.on('warning', (warning: string) => decodeWarnings.push(warning))
  let output: { data: Buffer; info: OutputInfo }
  try {
    const encoder = shape(pipeline, plan, options)
    if (options.keepMetadata) encoder.keepMetadata()
    else encoder.keepIccProfile()
    encoder.toFormat(plan.format, encoderOptions(plan.format, plan.quality, plan))
    if (overlay) {
      encoder.composite(overlay.overlays)
      // sharp gives the picture an alpha channel to composite on; an opaque one drops it again, or the encoder
      // would flatten (JPEG) or quantise (PNG) a channel that is 255 everywhere.
      if (!plan.hasAlpha || plan.format === 'jpeg') encoder.removeAlpha()
    }
    const encoding = encoder.toBuffer({ resolveWithObject: true })
    options.whileEncoding?.()
    output = await encoding
  } catch (error) {
    // Prebuilt sharp carries libheif for AVIF only; its HEVC failure reads "bad seek" or "not built in: HEVC".
    if (plan.source === 'heif' && facts.compression === 'hevc') return { action: 'keep', format: 'heif', ...undecodableHeic(reasonOf(error)) }
    return { action: 'keep', format: plan.source, ...damagedImage(reasonOf(error)) }
  }
  const damage = damageIn(decodeWarnings)
  if (damage !== undefined) return { action: 'keep', format: plan.source, ...damagedImage(damage) }
  return { action: 'encoded', ...output, warnings: overlay?.warning ? [overlay.warning] : [] }
}

/** Turned upright, fitted and flattened as the encoder will see it. */
function shape(pipeline: Sharp, plan: Encode, options: CompressOptions): Sharp {
  if (plan.orientation !== 1) pipeline.autoOrient()
  if (plan.resized) {
    pipeline.resize({
      width: options.maxWidth || undefined,
      height: options.maxHeight || undefined,
      fit: 'inside',
      withoutEnlargement: true
    })
  }
  if (plan.format === 'jpeg' && plan.hasAlpha) pipeline.flatten({ background: '#ffffff' })
  return pipeline
}
