/**
 * The SVG stage: an SVG served from the bucket's domain runs its scripts with that domain's rights, so by default
 * it is sanitised ("svg": "sanitize"); "keep" uploads it as it is, "refuse" rejects it by name.
 */
import type { Settings } from '../config'
import { PluginError, printable } from '../errors'
import { sniffFormat } from '../image/image-format'
import { sanitizeSvg } from '../image/sanitize-svg'
import type { Stage } from './types'

export interface SvgOptions { policy: Settings['svg'] }

export const svgPolicy: Stage<SvgOptions> = async (image, { policy }) => {
  if (policy === 'keep' || sniffFormat(image.buffer) !== 'svg') return image
  const file = printable(image.fileName)
  if (policy === 'refuse') {
    throw new PluginError(`${file}: SVG files are refused ("svg" is "refuse"); set "svg" to "sanitize" to upload them without scripts`, { file: image.fileName, setting: 'svg' })
  }
  const { text, removed } = sanitizeSvg(image.buffer.toString('utf8'))
  if (!/<svg[\s>]/i.test(text)) {
    throw new PluginError(`${file}: nothing of this SVG is left after sanitising ("svg" is "sanitize")`, { file: image.fileName, setting: 'svg' })
  }
  const note = removed.length > 0 ? `SVG sanitised: removed ${removed.join(', ')}` : 'SVG sanitised: nothing to remove'
  return { ...image, buffer: Buffer.from(text), notes: [...(image.notes ?? []), note] }
}
