import type { Settings } from '../config'
import type { CompressOptions } from './compress'
import { hashName } from './hash-name'
import type { Stage, StageImage } from './types'

/** Decompression-bomb guard: images above this are uploaded as they are, never decoded. */
export const MAX_INPUT_PIXELS = 100_000_000

export type BoundStage = (image: StageImage) => Promise<StageImage>

export interface StageList {
  stages: BoundStage[]
  /** Set when compression is on but sharp could not be loaded. */
  warning?: string
}

/** The ordered stages for these settings: compress (unless switched off), then name by content. */
export function stagesFor(settings: Settings): StageList {
  const stages: BoundStage[] = []
  let warning: string | undefined
  if (settings.compress) {
    const compress = loadCompress()
    if (typeof compress === 'string') warning = compress
    else {
      const options = compressOptionsOf(settings)
      stages.push((image) => compress(image, options))
    }
  }
  stages.push((image) => hashName(image, { path: settings.path, fileName: settings.fileName }))
  return { stages, warning }
}

/** The compression stage's options for these settings (the defaults: quality 80, same format, no resize). */
export function compressOptionsOf(settings: Pick<Settings, 'quality' | 'convertTo' | 'maxWidth' | 'maxHeight' | 'keepMetadata'>): CompressOptions {
  return {
    quality: settings.quality,
    convertTo: settings.convertTo,
    maxWidth: settings.maxWidth,
    maxHeight: settings.maxHeight,
    keepMetadata: settings.keepMetadata,
    limitInputPixels: MAX_INPUT_PIXELS
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
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error)
    return `sharp could not be loaded (${reason}); uploading originals without compression. Reinstall the plugin to fix it.`
  }
}
