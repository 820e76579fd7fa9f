import { dirname } from 'path'
import type { IImgInfo } from 'picgo'
import type { Settings } from '../../settings/config'
import { messageOf } from '../../errors'
import { usesPlaceholder } from '../../naming/key-template'
import { type PlannedKeys, predictImages, type UploadContext, uploadImages } from '../../uploader/upload'
import { type ImageTarget, loadImage, loadLimitsOf, type UploadItem } from './load-image'
import { sha256 } from './markdown-file'

/** What became of one distinct image of the run. */
export type ImageOutcome =
  | { kind: 'stored'; url: string }
  /** Dry run: already in the bucket (by the server's evidence), at this URL. */
  | { kind: 'known'; url: string }
  /** Dry run: an upload would store it under this key. */
  | { kind: 'would-upload'; key: string }
  | { kind: 'failed'; reason: string }

export interface ChunkOptions {
  ctx: UploadContext
  settings: Settings
  /** Set for a dry run (predictions with HEADs instead of uploads): the keys it would have created so far. */
  planned?: PlannedKeys
}

/**
 * Settles a chunk of distinct images: loads them (bounded by the chunk's size: nothing else of the run is held),
 * then sends each distinct content once through uploadImages, the path `picgo upload` takes. `byContent` carries
 * outcomes across chunks, those still in progress included, so a copy of an image under another name or URL, in
 * this chunk or another, waits for the one upload instead of making its own.
 */
export async function settleChunk(
  targets: readonly ImageTarget[],
  byContent: Map<string, Promise<ImageOutcome>>,
  options: ChunkOptions
): Promise<{ outcomes: ImageOutcome[]; bytesRead: number }> {
  const identity = uploadIdentity(options.settings)
  const loaded = await Promise.all(
    targets.map((target) =>
      loadImage(target, loadLimitsOf(options.settings)).then(
        (item) => ({ item, id: identity(item) }),
        (error: unknown) => ({ failure: messageOf(error) })
      )
    )
  )
  // Claimed synchronously, before any await: another chunk that loads the same bytes later finds the claim.
  const fresh = new Map<string, { item: UploadItem; settle: (outcome: ImageOutcome) => void }>()
  for (const entry of loaded) {
    if (!('item' in entry) || byContent.has(entry.id)) continue
    let settle: (outcome: ImageOutcome) => void = () => undefined
    byContent.set(
      entry.id,
      new Promise((resolve) => {
        settle = resolve
      })
    )
    fresh.set(entry.id, { item: entry.item, settle })
  }
  const bytesRead = [...fresh.values()].reduce((sum, { item }) => sum + item.buffer.length, 0)
  const items = new Map([...fresh].map(([sha, { item }]) => [sha, item]))
  const settled = await (options.planned === undefined ? upload(items, options) : predict(items, options, options.planned)).catch(
    (error: unknown) => new Map([...items.keys()].map((sha): [string, ImageOutcome] => [sha, { kind: 'failed', reason: messageOf(error) }]))
  )
  for (const [sha, { settle }] of fresh) settle(settled.get(sha) ?? { kind: 'failed', reason: 'not settled' })
  const outcomes = await Promise.all(
    loaded.map(async (entry): Promise<ImageOutcome> =>
      'failure' in entry ? { kind: 'failed', reason: entry.failure } : ((await byContent.get(entry.id)) ?? { kind: 'failed', reason: 'not settled' })
    )
  )
  return { outcomes, bytesRead }
}

/**
 * What makes two images one upload: their bytes, and their name or folder when the key template names them (under
 * `{localFolder}` the same picture in two folders is two objects, as two `picgo upload`s make).
 */
function uploadIdentity(settings: Settings): (item: UploadItem) => string {
  const template = settings.path + settings.fileName
  const byName = usesPlaceholder(template, 'name')
  const byFolder = usesPlaceholder(template, 'localFolder')
  return (item) => [sha256(item.buffer), byName ? item.fileName : '', byFolder ? dirname(item.filePath ?? '') : ''].join('\0')
}

async function upload(fresh: Map<string, UploadItem>, { ctx, settings }: ChunkOptions): Promise<Map<string, ImageOutcome>> {
  const entries = [...fresh]
  const items: IImgInfo[] = entries.map(([, item]) => ({ ...item }))
  const failures = await uploadImages(ctx, settings, items)
  return new Map(
    entries.map(([sha], index) => {
      const failure = failures[index]
      const url = items[index]?.imgUrl
      if (failure !== undefined) return [sha, { kind: 'failed', reason: messageOf(failure.error) }]
      return [sha, url ? { kind: 'stored', url } : { kind: 'failed', reason: 'the upload gave no URL' }]
    })
  )
}

async function predict(fresh: Map<string, UploadItem>, { ctx, settings }: ChunkOptions, planned: PlannedKeys): Promise<Map<string, ImageOutcome>> {
  const entries = [...fresh]
  const predictions = await predictImages(
    ctx,
    settings,
    entries.map(([, item]) => ({ ...item })),
    planned
  )
  return new Map(
    entries.map(([id], index): [string, ImageOutcome] => {
      const prediction = predictions[index] ?? new Error('not predicted')
      if (prediction instanceof Error) return [id, { kind: 'failed', reason: messageOf(prediction) }]
      return [id, prediction.stored ? { kind: 'known', url: prediction.url } : { kind: 'would-upload', key: prediction.key }]
    })
  )
}
