import type { IPicGo } from 'picgo'
import type { Settings } from '../settings/config'
import { printable, reasonOf } from '../errors'
import { PLUGIN_ID } from '../plugin-id'
import { isBeforeNode16, olderNodeFix } from '../host-node'
import type { CompressOptions } from './compress'
import { hashName } from './hash-name'
import { stripLossless } from './strip'
import { svgPolicy } from './svg'
import type { NamedImage, Stage, StageImage } from './types'
import { outputIdentity } from './output-identity'
import { watermarkOf } from './watermark-options'

/** Decompression-bomb guard: images above this are uploaded as they are, never decoded. */
export const MAX_INPUT_PIXELS = 100_000_000

export type BoundStage = (image: StageImage) => Promise<StageImage>

export interface StageList {
  /** The stages that change the bytes, in order; the naming comes after them (`name`). */
  stages: BoundStage[]
  name: (image: StageImage) => Promise<NamedImage>
  /** True when the compression stage runs (it is on and sharp loaded). */
  compressing: boolean
  /** Set when compression is on but sharp could not be loaded. */
  warning?: string
  /** Everything that decides the output bytes (every stage's options, the watermark image's digest): the known-images fingerprint. */
  outputIdentity: string
}

/**
 * The ordered stages for these settings: the SVG policy; compress, or when compression does not run (switched off, or sharp
 * missing) a lossless metadata strip unless metadata is kept; then name by content. `whileEncoding`: see CompressOptions.
 * Every stage is a function of its input: what the user must hear comes back in the image's `warnings` (reportWarnings).
 */
export function stagesFor(settings: Settings, whileEncoding?: () => void): StageList {
  const svg = { policy: settings.svg }
  const stages: BoundStage[] = [(image) => svgPolicy(image, svg)]
  const compress = settings.compress ? loadCompress() : undefined
  const compressOptions = typeof compress === 'function' ? { ...compressOptionsOf(settings), watermark: watermarkOf(settings), whileEncoding } : undefined
  const stripping = compressOptions === undefined && !settings.keepMetadata
  if (typeof compress === 'function' && compressOptions !== undefined) {
    stages.push((image) => compress(image, compressOptions))
  } else if (stripping) {
    const strip = { compression: settings.compress ? ('sharp missing' as const) : ('off' as const) }
    stages.push((image) => stripLossless(image, strip))
  }
  const naming = { path: settings.path, fileName: settings.fileName }
  return {
    stages,
    name: (image) => hashName(image, naming),
    compressing: compressOptions !== undefined,
    warning: typeof compress === 'string' ? compress : undefined,
    outputIdentity: outputIdentity({ svg, compress: compressOptions, stripLossless: stripping, naming })
  }
}

/** The compression stage's options for these settings (the defaults: quality 80, same format, no resize). */
export function compressOptionsOf(settings: Pick<Settings, 'quality' | 'convertTo' | 'formats' | 'maxWidth' | 'maxHeight' | 'keepMetadata'>): CompressOptions {
  return {
    quality: settings.quality,
    convertTo: settings.convertTo,
    formats: settings.convertTo === 'keep' ? settings.formats : undefined,
    maxWidth: settings.maxWidth,
    maxHeight: settings.maxHeight,
    keepMetadata: settings.keepMetadata,
    limitInputPixels: MAX_INPUT_PIXELS
  }
}

export type WarningReporter = Pick<IPicGo, 'log' | 'emit'>

/** Each warning the stages returned (a damaged image, …) as a WARN line naming the file, and a GUI notification. */
export function reportWarnings(reporter: WarningReporter, image: StageImage): void {
  const file = printable(image.fileName)
  for (const warning of image.warnings ?? []) {
    reporter.log.warn(`[${PLUGIN_ID}] ${file}: ${warning}`)
    reporter.emit('notification', { title: `${PLUGIN_ID}: ${file}`, body: warning })
  }
}

/**
 * The input through every stage, then named: the bytes to store and their key. `report` hears the stages' result
 * before the naming (reportWarnings), so a warning is heard even when the naming then fails.
 */
export async function runStages(
  { stages, name }: Pick<StageList, 'stages' | 'name'>,
  image: StageImage,
  report?: (staged: StageImage) => void
): Promise<NamedImage> {
  let current = image
  for (const stage of stages) current = await stage(current)
  report?.(current)
  return name(current)
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
