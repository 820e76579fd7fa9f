/**
 * The SVG stage: an SVG served from the bucket's domain runs its scripts with that domain's rights, so by default
 * it is sanitised ("svg": "sanitize"); "keep" uploads it as it is, "refuse" rejects it by name.
 */
import type { Settings } from '../settings/config'
import { PluginError, printable, reasonOf } from '../errors'
import { sniffFormat } from '../image/image-format'
import { type SanitizedSvg, sanitizeSvg } from '../image/sanitize-svg'
import { isBeforeNode16, olderNodeFix } from '../host-node'
import type { Stage } from './types'

export interface SvgOptions {
  policy: Settings['svg']
}

export const svgPolicy: Stage<SvgOptions> = async (image, { policy }) => {
  if (policy === 'keep' || sniffFormat(image.buffer) !== 'svg') return image
  const file = printable(image.fileName)
  if (policy === 'refuse') {
    throw new PluginError(`${file}: SVG files are refused ("svg" is "refuse"); set "svg" to "sanitize" to upload them without scripts`, {
      file: image.fileName,
      setting: 'svg'
    })
  }
  const { text, removed } = sanitized(image.buffer, image.fileName)
  if (!/<svg[\s>]/i.test(text)) {
    throw new PluginError(`${file}: nothing of this SVG is left after sanitising ("svg" is "sanitize")`, { file: image.fileName, setting: 'svg' })
  }
  const note = removed.length > 0 ? `SVG sanitised: removed ${removed.join(', ')}` : 'SVG sanitised: nothing to remove'
  return { ...image, buffer: Buffer.from(text), notes: [...(image.notes ?? []), note] }
}

/** An SVG is never published unsanitised: when the sanitiser cannot run (jsdom on Node 12), the file is refused. */
function sanitized(svg: Buffer, fileName: string): SanitizedSvg {
  try {
    return sanitizeSvg(svg.toString('utf8'))
  } catch (error) {
    const fix = isBeforeNode16() ? olderNodeFix() : 'reinstall the plugin, or set "svg" to "keep" to upload SVGs as they are'
    throw new PluginError(`${printable(fileName)}: not uploaded, because the SVG sanitiser could not run (${reasonOf(error)}); ${fix}`, {
      file: fileName,
      setting: 'svg'
    })
  }
}
