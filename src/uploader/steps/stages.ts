import { type Content, contentOf } from '../../oss/evidence'
import { reportWarnings, runStages } from '../../transformers'
import type { NamedImage, StageImage } from '../../transformers/types'
import { admitCompression } from '../pixel-budget'
import type { Batch } from './batch'
import type { ImageUpload } from './image'

/** The bytes to store, named (their base key), with the evidence the server will be asked for. */
export interface Staged {
  named: NamedImage
  content: Content
}

/**
 * The transformers' stage list over the input (compression, strip, naming), within the pixel budget and one per core.
 * An upload reports the stages' warnings (a damaged image, …); a prediction keeps quiet.
 */
export async function runImageStages(batch: Batch, image: ImageUpload): Promise<Staged> {
  const report = batch.mode.kind === 'upload' ? (staged: StageImage) => reportWarnings(batch.ctx, staged) : undefined
  const named = await admitCompression(image.input.buffer, () => batch.compressions(() => runStages(batch.pipeline, image.input, report)))
  return { named, content: contentOf(named.buffer, named.digest) }
}
