/**
 * The compression stage: turns an image upright, fits it inside maxWidth × maxHeight, converts or re-encodes it with
 * sharp, and keeps the original instead whenever that is the better upload. Four steps, each in its file:
 *
 * 1. facts.ts reads the header once (and sniffs the format from the bytes).
 * 2. plan.ts decides, without encoding: keep the original (why), or encode as a format at a quality.
 * 3. encode.ts runs that plan with sharp (the watermark, the encoder).
 * 4. choose.ts keeps the original after all when the re-encode saves under 5 % (or, for a resize or conversion, is
 *    bigger); an image to turn upright, watermark, or rid of metadata only a re-encode removes (TIFF) takes the copy.
 *
 * A kept original is stripped losslessly unless keepMetadata is on (original.ts). Nothing here throws for bad image
 * bytes but original.ts's refusal, and the input StageImage and Buffer are never modified.
 */
import { fileTypeOf, sniffFormat } from '../../image/image-format'
import type { Stage } from '../types'
import { avifOrStandard, keepAfterEncode } from './choose'
import { encodeImage } from './encode'
import { readFacts } from './facts'
import { describeEncode, encodedNote, tiffPagesLeftOut } from './notes'
import type { CompressOptions } from './options'
import { keptOriginal } from './original'
import { planEncode, planUnread } from './plan'

export type { CompressOptions }
export { MIN_SAVING } from './plan'

/** With convertTo "avif", the default path runs too, and the smaller goes up (choose.ts). */
export const compress: Stage<CompressOptions> = async (image, options) => {
  if (options.convertTo !== 'avif') return compressOnce(image, options)
  const avif = await compressOnce(image, options)
  if (sniffFormat(image.buffer) === 'avif') return avif
  return avifOrStandard(avif, await compressOnce(image, { ...options, convertTo: 'keep' }))
}

const compressOnce: Stage<CompressOptions> = async (image, options) => {
  const read = await readFacts(image.buffer, options)
  if (!read.readable) return keptOriginal(image, planUnread(read.facts), options)
  const { facts, pipeline, original } = read
  const plan = planEncode(facts, options)
  if (plan.action === 'keep') return keptOriginal(image, plan, options, facts)

  const encoded = await encodeImage(pipeline, plan, facts, options)
  if (encoded.action === 'keep') return keptOriginal(image, encoded, options, facts)
  const { data, info } = encoded
  const marked = plan.mark.skip === undefined
  const remark = [plan.remark, marked ? 'watermarked' : plan.mark.skip === 'off' ? '' : plan.mark.skip].filter(Boolean).join(', ')
  const details = describeEncode({
    format: plan.format,
    quality: plan.lossless ? 100 : plan.quality,
    lossless: plan.lossless,
    onePass: plan.onePass,
    source: plan.source,
    orientation: plan.orientation,
    resized: plan.resized,
    upright: facts,
    info,
    remark
  })
  const kept = keepAfterEncode(plan, data.length, original.length, details)
  if (kept) return keptOriginal(image, kept, options, facts, original)

  const warnings = plan.source === 'tiff' && facts.pages > 1 ? [...encoded.warnings, tiffPagesLeftOut(facts.pages, plan.format)] : encoded.warnings
  return {
    ...image,
    buffer: data,
    ...fileTypeOf(plan.format),
    width: info.width,
    height: info.pageHeight ?? info.height,
    notes: [...(image.notes ?? []), encodedNote(image.buffer.length, data.length, details)],
    ...(warnings.length > 0 ? { warnings: [...(image.warnings ?? []), ...warnings] } : {})
  }
}
