import type { IImgInfo } from 'picgo'
import type { Settings } from '../settings/config'
import { readUploadSettings, settingsWarnings } from '../settings/advice'
import { PluginError, messageOf, printable } from '../errors'
import { PLUGIN_ID } from '../plugin-id'
import { isCommandLineUpload } from './caller'
import { asPluginError, batchError, type FailedFile, reportFailures } from './report'
import { objectUrl } from './url'
import { type Batch, openBatch, type PlannedKeys, type Settled, type UploadContext } from './steps/batch'
import { claimKey } from './steps/claim'
import { type ImageUpload, readImage } from './steps/image'
import { knownImage } from './steps/known-image'
import { placeImage } from './steps/place'
import { recordKnownImage, withholdUrls, writeOutputItem } from './steps/record'
import { runImageStages } from './steps/stages'

export type { PlannedKeys, UploadContext } from './steps/batch'

/** The uploader's handle: the settings, then every image through the steps, then what failed is reported. */
export async function handle(ctx: UploadContext): Promise<UploadContext> {
  let settings: Settings
  try {
    settings = readUploadSettings(ctx)
  } catch (error) {
    const pluginError = asPluginError(error, 'settings', [])
    reportFailures(ctx, [{ file: 'settings', error: pluginError }], 1)
    throw pluginError
  }
  for (const warning of settingsWarnings(settings)) ctx.log.warn(`[${PLUGIN_ID}] ${warning}`)
  if (ctx.output.length === 0) {
    throw new PluginError('nothing to upload: PicGo could not read any of the files (see its errors above)')
  }
  const outcomes = await uploadImages(ctx, settings, ctx.output)
  const failures = outcomes.filter((outcome) => outcome !== undefined)
  const total = ctx.output.length
  if (failures.length === 0) return ctx
  reportFailures(ctx, failures, total)
  const keepStored = isCommandLineUpload(ctx) && failures.length < total
  withholdUrls(
    ctx,
    outcomes.map((outcome) => outcome !== undefined),
    keepStored
  )
  if (keepStored) return ctx
  throw batchError(failures, total)
}

/**
 * The one upload path for a list of images (PicGo's upload, and commands such as migrate): a stored image gets its
 * imgUrl (and ossKey), a failed one is returned in its place. Never throws for a single image; the known-images
 * file is saved at the end.
 */
export async function uploadImages(ctx: UploadContext, settings: Settings, items: IImgInfo[]): Promise<Array<FailedFile | undefined>> {
  const batch = openBatch(ctx, settings, items.length, { kind: 'upload' })
  const outcomes = await Promise.all(items.map((item, index) => uploadImage(batch, item, index)))
  const problem = batch.known?.save()
  if (problem) ctx.log.warn(`[${PLUGIN_ID}] ${problem}`)
  return outcomes
}

/** What an upload of the image would do. */
export type Prediction = { stored: true; url: string } | { stored: false; key: string }

/**
 * The migrate dry run: the same steps in predict mode, with HEAD requests only. `planned` carries the keys the run
 * would have created in its earlier batches. A failure stands in an image's place.
 */
export async function predictImages(
  ctx: UploadContext,
  settings: Settings,
  items: readonly IImgInfo[],
  planned: PlannedKeys
): Promise<Array<Prediction | PluginError>> {
  const batch = openBatch(ctx, settings, items.length, { kind: 'predict', planned })
  return Promise.all(
    items.map(async (item, index): Promise<Prediction | PluginError> => {
      try {
        const { result, sent } = await settleOnce(batch, readImage(batch, item, index))
        return sent ? { stored: false, key: result.key } : { stored: true, url: await objectUrl(settings, result.key) }
      } catch (error) {
        return asPluginError(error, item.fileName ?? 'image', batch.secrets)
      } finally {
        batch.claims.done(index)
      }
    })
  )
}

/** Uploads one image and writes its output item; returns the failure instead of throwing. */
async function uploadImage(batch: Batch, item: IImgInfo, index: number): Promise<FailedFile | undefined> {
  const file = item.fileName ?? 'image'
  try {
    const { result, notes } = await settleOnce(batch, readImage(batch, item, index))
    await writeOutputItem(batch.settings, item, result)
    batch.ctx.log.info(`[${PLUGIN_ID}] ${printable(file)}: ${printable(notes.join('; '))}`)
    batch.finished++
    batch.ctx.emit('uploadProgress', Math.round(60 + (40 * batch.finished) / Math.max(1, batch.total)))
    return undefined
  } catch (error) {
    return { file, error: asPluginError(error, file, batch.secrets) }
  } finally {
    batch.claims.done(index)
  }
}

/** One image's steps, top to bottom: a known image the bucket still holds, or stages → claim → place → record. */
async function settle(batch: Batch, image: ImageUpload): Promise<Settled> {
  const known = await knownImage(batch, image)
  if (known !== undefined) {
    return { result: known, sent: false, notes: [`already stored as ${known.key} (a known image: not compressed again), nothing sent`] }
  }
  const staged = await runImageStages(batch, image)
  const first = await claimKey(batch.claims, image.index, staged.named.key, staged.content, image.file)
  const placed = await placeImage(batch, image, staged, first)
  const result = recordKnownImage(batch, image, staged, placed)
  const stored = placed.created ? `stored as ${placed.key}` : `already stored as ${placed.key}, nothing sent`
  return { result, sent: placed.created, notes: [...(staged.named.notes ?? []), stored] }
}

/**
 * The same picture twice in one upload (one file passed twice, or a renamed copy) is compressed, checked and stored
 * once, and every copy gets its URL. Only where keys are a function of the input (there is an id): under a uuid or
 * date template each copy is an object of its own.
 */
function settleOnce(batch: Batch, image: ImageUpload): Promise<Settled> {
  if (image.id === undefined) return settle(batch, image)
  const first = batch.copies.get(image.id)
  if (first === undefined) {
    const pending = settle(batch, image)
    batch.copies.set(image.id, { file: image.file, pending })
    return pending
  }
  batch.claims.done(image.index)
  return first.pending.then(
    ({ result, sent }) => ({ result, sent, notes: [`the same image as ${printable(first.file)} in this upload: ${result.key}`] }),
    (error: unknown) => {
      // The copy's own name goes first, so the list of failed files names every file that failed.
      const cause = asPluginError(error, first.file, batch.secrets)
      throw new PluginError(`${printable(image.file)}: the same image as ${printable(first.file)}, which failed: ${messageOf(cause)}`, {
        file: image.file,
        code: cause.code,
        status: cause.status,
        requestId: cause.requestId
      })
    }
  )
}
