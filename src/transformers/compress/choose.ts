/**
 * The choices only an encode can answer: whether the re-encoded copy beats the original as it would be uploaded, and
 * which of two encodes to store when AVIF is asked for.
 */
import type { StageImage } from '../types'
import { avifNotSmaller, percent } from './notes'
import type { Encode, Keep } from './plan'

/**
 * The re-encode must beat the original as it would be uploaded (stripped unless metadata is kept, so a "saving" that
 * is only metadata never costs a lossy re-encode) by the plan's margin; `details` describes the encode.
 */
export function keepAfterEncode(plan: Encode, encodedSize: number, originalSize: number, details: string): Keep | undefined {
  if (plan.keepOriginalUnder === undefined) return undefined
  const saving = 1 - encodedSize / originalSize
  if (saving >= plan.keepOriginalUnder) return undefined
  const why = saving < 0 ? `made it ${percent(-saving)} bigger` : `saved only ${percent(saving)}`
  return { action: 'keep', format: plan.source, reason: `re-encoding (${details}) ${why}` }
}

/**
 * AVIF is opt-in and not always smaller: with convertTo "avif" the default path runs too, and its result is
 * stored whenever it is not bigger, so asking for AVIF never costs bytes (it costs the time of both encodes).
 */
export function avifOrStandard(avif: StageImage, standard: StageImage): StageImage {
  const isAvif = avif.contentType === 'image/avif'
  if (isAvif && avif.buffer.length < standard.buffer.length) return avif
  const note = avifNotSmaller(isAvif ? avif.buffer.length : undefined, standard.buffer.length)
  return { ...standard, notes: [...(standard.notes ?? []), note] }
}
