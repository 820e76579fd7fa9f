import type { IImgInfo } from 'picgo'
import type { StageImage } from '../../transformers/types'
import { toStageImage } from '../input'
import type { Batch } from './batch'

/** One image of the batch as its steps see it: where it stands in the input, its bytes, and its known-images id. */
export interface ImageUpload {
  readonly index: number
  /** The file's name, for messages. */
  readonly file: string
  readonly input: StageImage
  /** Its known-images id; undefined when keys are no function of the input (a uuid or date template, no dedupe). */
  readonly id: string | undefined
}

/** The first step: PicGo's item as the stages take it, refused here when it may not go up (input.ts). */
export function readImage(batch: Batch, item: IImgInfo, index: number): ImageUpload {
  const input = toStageImage(item, batch.settings, batch.home)
  return { index, file: input.fileName, input, id: batch.known?.idOf(input) }
}
