import type { IPicGo } from 'picgo'
import { type Settings, readSettings } from '../settings/config'
import { type PluginError, messageOf, printable } from '../errors'
import { PLUGIN_ID } from '../plugin-id'
import { type GuiApi, messengerFor } from '../commands/shared/gui'
import { deleteObjects, openBucket } from '../oss/store'
import { keyFromUrl } from '../uploader/url'

/** A gallery entry: PicGo's IImgInfo as the GUI stores it, with what our uploader adds. */
export interface GalleryEntry {
  id?: string
  type?: string
  imgUrl?: string
  ossKey?: unknown
  ossBucket?: unknown
  /** True when this plugin's own request created the object; a reused object (another tool's, say) is never deleted. */
  ossCreated?: unknown
}

/**
 * The part of PicGo GUI's guiApi we use. PicGo GUI removes the entries from its gallery DB, then emits
 * `picgo.emit('remove', files, GuiApi.getInstance())`; galleryDB is @picgo/store's DBStore, whose get() resolves
 * to `{ total, data }` (older docs say an array).
 */
export interface GalleryApi extends Pick<GuiApi, 'showNotification'> {
  galleryDB?: { get: (filter?: object) => Promise<{ data: GalleryEntry[] } | GalleryEntry[]> }
}

export interface RemoveOutcome {
  deleted: string[]
  /** Keys another gallery entry still uses. */
  kept: string[]
  /** Our entries left alone, with the reason. */
  skipped: string[]
  failed: PluginError[]
}

type Ctx = Pick<IPicGo, 'getConfig' | 'log' | 'emit' | 'on'>

const registered = new WeakSet<object>()

/** Listens to the GUI's gallery removals once per PicGo instance. The listener's promise never rejects. */
export function registerGalleryRemove(ctx: Ctx): void {
  if (registered.has(ctx)) return
  registered.add(ctx)
  ctx.on('remove', (files: unknown, guiApi?: GalleryApi) =>
    deleteRemovedObjects(ctx, files, guiApi).catch((error: unknown) => {
      ctx.log.error(`[${PLUGIN_ID}] gallery removal: ${messageOf(error)}`)
      return emptyOutcome()
    })
  )
}

/**
 * With "deleteOnRemove" on, deletes the objects of our removed gallery entries in one batch request: only objects
 * this plugin's own upload created, and none that a remaining entry of any uploader still uses (dedupe gives
 * identical images one key) or that lies in another bucket.
 */
export async function deleteRemovedObjects(ctx: Ctx, files: unknown, guiApi: GalleryApi | undefined): Promise<RemoveOutcome> {
  const outcome = emptyOutcome()
  const removed = (Array.isArray(files) ? files : []).filter((f): f is GalleryEntry => isEntry(f) && f.type === PLUGIN_ID)
  if (removed.length === 0) return outcome
  let settings: Settings
  try {
    settings = readSettings(ctx)
  } catch (error) {
    ctx.log.warn(`[${PLUGIN_ID}] gallery removal: nothing deleted from OSS, the settings are invalid: ${messageOf(error)}`)
    return outcome
  }
  if (!settings.deleteOnRemove) return outcome
  if (typeof guiApi?.galleryDB?.get !== 'function') {
    ctx.log.warn(
      `[${PLUGIN_ID}] gallery removal: nothing deleted from OSS, the gallery is not readable here, so objects other entries still use cannot be told apart`
    )
    return outcome
  }
  const removedIds = new Set(removed.map((e) => e.id).filter(Boolean))
  const stored = await guiApi.galleryDB.get()
  const remaining = (Array.isArray(stored) ? stored : stored.data).filter((e) => isEntry(e) && !(e.id && removedIds.has(e.id)))
  const inUse = new Set(
    remaining
      .map((e) => locate(e, settings))
      .filter((l) => l !== undefined)
      .map(({ bucket, key }) => `${bucket}/${key}`)
  )

  const keys = new Set<string>()
  for (const entry of removed) {
    const location = locate(entry, settings)
    // Gallery entries are outside text (PicGo's data file): every part printed is escaped.
    const name = printable(String(entry.imgUrl ?? entry.id ?? '(entry)'))
    if (location === undefined) outcome.skipped.push(`${name}: its object key cannot be told from the URL`)
    else if (location.bucket !== settings.bucket) outcome.skipped.push(`${name}: in bucket "${printable(location.bucket)}", not "${settings.bucket}"`)
    else if (entry.ossCreated !== true)
      outcome.skipped.push(
        `${name}: this plugin did not create ${printable(location.key)} (the upload reused an object already in the bucket, or predates this check)`
      )
    else if (inUse.has(`${location.bucket}/${location.key}`)) outcome.kept.push(location.key)
    else keys.add(location.key)
  }
  for (const reason of outcome.skipped) ctx.log.warn(`[${PLUGIN_ID}] gallery removal: not deleted from OSS: ${reason}`)
  if (outcome.kept.length > 0)
    ctx.log.info(`[${PLUGIN_ID}] gallery removal: kept ${outcome.kept.map(printable).join(', ')}: other gallery entries still use them`)
  await deleteKeys(settings, [...keys], outcome)
  report(ctx, guiApi, outcome)
  return outcome
}

async function deleteKeys(settings: Settings, keys: string[], outcome: RemoveOutcome): Promise<void> {
  const { deleted, failed } = await deleteObjects(openBucket(settings), keys)
  outcome.deleted.push(...deleted)
  outcome.failed.push(...failed)
}

function report(ctx: Ctx, guiApi: GalleryApi, outcome: RemoveOutcome): void {
  const notify = messengerFor(ctx, guiApi).note
  if (outcome.deleted.length > 0) ctx.log.info(`[${PLUGIN_ID}] deleted from OSS: ${outcome.deleted.map(printable).join(', ')}`)
  for (const error of outcome.failed) ctx.log.error(error.message)
  if (outcome.failed.length > 0) {
    notify(`${PLUGIN_ID}: could not delete from OSS`, outcome.failed.map(messageOf).join('\n'))
  } else if (outcome.deleted.length > 0) {
    const kept = outcome.kept.length > 0 ? `; kept ${outcome.kept.length} still used by other entries` : ''
    notify(`${PLUGIN_ID}: deleted ${outcome.deleted.length} from OSS`, `${outcome.deleted.map(printable).join('\n')}${kept}`)
  }
}

/** Bucket and key of an entry: recorded at upload, else read from imgUrl when it lies under today's public base. */
function locate(entry: GalleryEntry, settings: Settings): { bucket: string; key: string } | undefined {
  if (typeof entry.ossKey === 'string' && entry.ossKey !== '' && typeof entry.ossBucket === 'string' && entry.ossBucket !== '') {
    return { bucket: entry.ossBucket, key: entry.ossKey }
  }
  const key = typeof entry.imgUrl === 'string' ? keyFromUrl(entry.imgUrl, settings) : undefined
  return key === undefined ? undefined : { bucket: settings.bucket, key }
}

function isEntry(value: unknown): value is GalleryEntry {
  return typeof value === 'object' && value !== null
}

function emptyOutcome(): RemoveOutcome {
  return { deleted: [], kept: [], skipped: [], failed: [] }
}
