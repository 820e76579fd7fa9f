// The same encode the plugin's compression stage does, in raw sharp: the baseline both benchmarks
// compare the plugin with.
import sharp from 'sharp'
import type { CompressOptions } from '../src/transformers/compress'
import { DECODE_FAIL_ON, encoderOptions, type EncoderVariant, type OutputFormat } from '../src/image/encoder-options'
import { sniffFormat } from '../src/image/image-format'
import { estimateJpegQuality } from '../src/image/jpeg-quality'

/**
 * The raw sharp encode of `input`; undefined when the plugin does not encode it (SVG, GIF, unknown). `chosen`: the
 * format the plugin stored, when it picked one per picture ("formats": a photo-like PNG as a JPEG), so that the
 * baseline does the same encode; `variant`: the same of the encoder's variants (a flat palette PNG), decided beforehand.
 */
export function rawEncoder(input: Buffer, options: CompressOptions, chosen?: OutputFormat, variant?: EncoderVariant): (() => Promise<Buffer>) | undefined {
  const source = sniffFormat(input)
  const format: OutputFormat | undefined =
    chosen ?? (options.convertTo !== 'keep' ? options.convertTo : source === 'jpeg' || source === 'png' || source === 'webp' ? source : undefined)
  if (!format || source === 'svg') return undefined
  const estimate = source === 'jpeg' && format === 'jpeg' ? estimateJpegQuality(input) : undefined
  const quality = Math.min(options.quality, estimate ?? options.quality)
  const animated = source === 'gif' || source === 'webp'
  return () =>
    sharp(input, { animated, failOn: DECODE_FAIL_ON, limitInputPixels: options.limitInputPixels })
      .autoOrient()
      .keepIccProfile()
      .flatten(format === 'jpeg' ? { background: '#ffffff' } : false)
      .toFormat(format, encoderOptions(format, quality, variant))
      .toBuffer()
}
