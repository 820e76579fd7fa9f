import { readFileSync } from 'fs'
import type { Settings } from '../settings/config'
import { invalidSetting, printable } from '../errors'
import { sniffFormat } from '../image/image-format'
import type { WatermarkOptions } from '../image/watermark-settings'

/** The watermark for these settings, its image file read once (per upload); undefined when off. */
export function watermarkOf(settings: Settings): WatermarkOptions | undefined {
  if (settings.watermark === 'off') return undefined
  let image: Buffer | undefined
  if (settings.watermark === 'image') {
    try {
      image = readFileSync(settings.watermarkImage)
    } catch (error) {
      throw invalidSetting(
        'watermarkImage',
        `a readable PNG or SVG file (${(error as { code?: string }).code ?? 'unreadable'})`,
        printable(settings.watermarkImage)
      )
    }
    const format = sniffFormat(image)
    if (format !== 'png' && format !== 'svg') throw invalidSetting('watermarkImage', 'a PNG or SVG file', printable(settings.watermarkImage))
  }
  return {
    mode: settings.watermark,
    text: settings.watermarkText,
    image,
    imagePath: image ? settings.watermarkImage : undefined,
    position: settings.watermarkPosition,
    angle: settings.watermarkAngle,
    opacity: settings.watermarkOpacity,
    scale: settings.watermarkScale,
    margin: settings.watermarkMargin,
    minSize: settings.watermarkMinSize,
    animated: settings.watermarkAnimated
  }
}
