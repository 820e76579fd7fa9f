import type { IPicGo } from 'picgo'
import type { Settings } from '../config'
import { PLUGIN_ID, printable, reasonOf } from '../errors'
import { isBeforeNode16, olderNodeFix } from '../host-node'
import type { CompressOptions } from './compress'
import { hashName } from './hash-name'
import { stripLossless } from './strip'
import { svgPolicy } from './svg'
import type { Stage, StageImage } from './types'
import { watermarkIdentity, watermarkOf } from './watermark-options'

/** Decompression-bomb guard: images above this are uploaded as they are, never decoded. */
export const MAX_INPUT_PIXELS = 100_000_000

export type BoundStage = (image: StageImage) => Promise<StageImage>

export interface StageList {
  stages: BoundStage[]
  /** True when the compression stage runs (it is on and sharp loaded): its output depends on the compression settings. */
  compressing: boolean
  /** Set when compression is on but sharp could not be loaded. */
  warning?: string
  /** What else decides the output (the watermark's settings and image bytes), for the known-images fingerprint. */
  outputIdentity: string
}

/**
 * The ordered stages for these settings: the SVG policy; compress, or when compression does not run (switched off, or sharp
 * missing) a lossless metadata strip unless metadata is kept; then name by content. `whileEncoding`: see CompressOptions.
 */
export function stagesFor(settings: Settings, reporter?: WarningReporter, whileEncoding?: () => void): StageList {
  const stages: BoundStage[] = [(image) => svgPolicy(image, { policy: settings.svg })]
  const compress = settings.compress ? loadCompress() : undefined
  const mark = typeof compress === 'function' ? watermarkOf(settings) : undefined
  if (typeof compress === 'function') {
    const options = { ...compressOptionsOf(settings), watermark: mark, whileEncoding }
    stages.push((image) => compress(image, options))
  } else if (!settings.keepMetadata) {
    const compression = settings.compress ? 'sharp missing' : 'off'
    stages.push((image) => stripLossless(image, { compression }))
  }
  if (reporter) stages.push(reportWarnings(reporter))
  stages.push((image) => hashName(image, { path: settings.path, fileName: settings.fileName }))
  return {
    stages,
    compressing: typeof compress === 'function',
    warning: typeof compress === 'string' ? compress : undefined,
    outputIdentity: watermarkIdentity(mark)
  }
}

/** The compression stage's options for these settings (the defaults: quality 80, same format, no resize). */
export function compressOptionsOf(
  settings: Pick<Settings, 'quality' | 'autoQualityFloor' | 'convertTo' | 'maxWidth' | 'maxHeight' | 'keepMetadata'>
): CompressOptions {
  return {
    quality: settings.quality,
    autoQualityFloor: settings.autoQualityFloor,
    convertTo: settings.convertTo,
    maxWidth: settings.maxWidth,
    maxHeight: settings.maxHeight,
    keepMetadata: settings.keepMetadata,
    limitInputPixels: MAX_INPUT_PIXELS
  }
}

export type WarningReporter = Pick<IPicGo, 'log' | 'emit'>

/** Each warning a stage raised (a damaged image, …) as a WARN line naming the file, and a GUI notification. */
function reportWarnings(reporter: WarningReporter): BoundStage {
  return async (image) => {
    if (!image.warnings || image.warnings.length === 0) return image
    const file = printable(image.fileName)
    for (const warning of image.warnings) {
      reporter.log.warn(`[${PLUGIN_ID}] ${file}: ${warning}`)
      reporter.emit('notification', { title: `${PLUGIN_ID}: ${file}`, body: warning })
    }
    return { ...image, warnings: [] }
  }
}

export async function runStages(stages: readonly BoundStage[], image: StageImage): Promise<StageImage> {
  let current = image
  for (const stage of stages) current = await stage(current)
  return current
}

/**
 * sharp is a native module: a PicGo built for another platform or Electron ABI may fail to load it.
 * Uploading originals beats not uploading, so its absence is a warning, not a crash.
 */
function loadCompress(): Stage<CompressOptions> | string {
  try {
    return (require('./compress') as typeof import('./compress')).compress
  } catch (error) {
    const fix = isBeforeNode16() ? `For compression: ${olderNodeFix()}.` : 'Reinstall the plugin to fix it.'
    return `sharp could not be loaded (${reasonOf(error)}); uploading originals without compression (EXIF/GPS still removed unless "keepMetadata" is on). ${fix}`
  }
}
