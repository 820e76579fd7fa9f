import { availableParallelism } from 'node:os'
import type { IImgInfo, IPicGo } from 'picgo'
import { type Settings, resolveSettings } from '../config'
import { PLUGIN_ID, PluginError } from '../errors'
import { runStages, stagesFor } from '../transformers'
import type { StageImage } from '../transformers/types'
import { createClient, type OssClient } from './client'
import { toStageImage } from './input'
import { createGate } from './limit'
import { asPluginError, batchError, type FailedFile, reportFailures } from './report'
import { DEFAULT_BACKOFF } from './retry'
import { type StoreOptions, type StoreResult, storeObject } from './store'
import { objectUrl } from './url'

export const CONFIG_KEY = `picBed.${PLUGIN_ID}`
const UPLOAD_CONCURRENCY = 6
const IMMUTABLE = 'public, max-age=31536000, immutable'
const MB = 1024 * 1024

type UploadContext = Pick<IPicGo, 'getConfig' | 'log' | 'emit' | 'output' | 'GUI_VERSION'>

/** The uploader's handle: for each image, compress → name → store (dedupe) → URL. */
export async function handle(ctx: UploadContext): Promise<UploadContext> {
  let settings: Settings
  try {
    settings = resolveSettings(ctx.getConfig(CONFIG_KEY))
  } catch (error) {
    const pluginError = asPluginError(error, 'settings', [])
    reportFailures(ctx, [{ file: 'settings', error: pluginError }], 1)
    throw pluginError
  }
  if (ctx.output.length === 0) {
    throw new PluginError('nothing to upload: PicGo could not read any of the files (see its errors above)')
  }
  const batch = new Batch(ctx, settings)
  const outcomes = await Promise.all(ctx.output.map((item) => batch.upload(item)))
  const failures = outcomes.filter((outcome) => outcome !== undefined)
  const total = ctx.output.length
  if (failures.length > 0) reportFailures(ctx, failures, total)
  if (failures.length === total && total > 0) throw batchError(failures, total)
  if (failures.length > 0) keepSuccessesPrintable(ctx, outcomes)
  return ctx
}

/**
 * Some files failed, the others are stored: don't throw, or PicGo would print its error after the
 * URLs and Typora, which reads the last N lines of stdout, would lose them all. In the CLI and the
 * server a failed file gets an empty URL, so the URL lines stay aligned with the files; the server
 * drops empty URLs. The GUI would list an empty entry in its gallery, so there the item goes.
 */
function keepSuccessesPrintable(ctx: UploadContext, outcomes: ReadonlyArray<FailedFile | undefined>): void {
  const failed = new Set(ctx.output.filter((_, index) => outcomes[index] !== undefined))
  if (ctx.GUI_VERSION) {
    ctx.output.splice(0, ctx.output.length, ...ctx.output.filter((item) => !failed.has(item)))
  } else {
    for (const item of failed) item.imgUrl = ''
  }
}

/** One upload call: shares the client, the gates and the keys already being stored. */
class Batch {
  private readonly client: OssClient
  private readonly secrets: string[]
  private readonly stages: ReturnType<typeof stagesFor>['stages']
  private readonly compressGate = createGate(Math.max(1, availableParallelism()))
  private readonly uploadGate = createGate(UPLOAD_CONCURRENCY)
  private readonly storing = new Map<string, Promise<StoreResult>>()
  private done = 0

  constructor(private readonly ctx: UploadContext, private readonly settings: Settings) {
    this.client = createClient(settings)
    this.secrets = [settings.accessKeySecret, settings.stsToken].filter(Boolean)
    const { stages, warning } = stagesFor(settings)
    this.stages = stages
    if (warning) ctx.log.warn(`[${PLUGIN_ID}] ${warning}`)
  }

  /** Uploads one image and sets its imgUrl; returns the failure instead of throwing. */
  async upload(item: IImgInfo): Promise<FailedFile | undefined> {
    const file = item.fileName ?? 'image'
    try {
      const staged = await this.compressGate(() => runStages(this.stages, toStageImage(item)))
      const stored = await this.store(staged)
      item.imgUrl = await objectUrl(this.settings, stored.key)
      Object.assign(item, {
        extname: staged.extname, contentType: staged.contentType, width: staged.width ?? item.width,
        height: staged.height ?? item.height, size: staged.buffer.length, ossKey: stored.key, ossBucket: this.settings.bucket
      })
      const notes = [...(staged.notes ?? []), stored.uploaded ? `stored as ${stored.key}` : `already stored as ${stored.key}, nothing sent`]
      this.ctx.log.info(`[${PLUGIN_ID}] ${file}: ${notes.join('; ')}`)
      this.progress()
      return undefined
    } catch (error) {
      return { file, error: asPluginError(error, file, this.secrets) }
    }
  }

  /** Identical images in one batch share one upload. */
  private store(image: StageImage): Promise<StoreResult> {
    const key = image.key as string
    let pending = this.storing.get(key)
    if (pending === undefined) {
      pending = this.uploadGate(() => storeObject(this.client, {
        key, buffer: image.buffer, contentType: image.contentType, fileName: image.fileName
      }, this.storeOptions(image)))
      this.storing.set(key, pending)
    }
    return pending
  }

  private storeOptions(image: StageImage): StoreOptions {
    const { settings } = this
    const cacheControl = settings.cacheControl || (image.contentAddressed ? IMMUTABLE : '')
    const headers: Record<string, string> = {}
    if (cacheControl) headers['Cache-Control'] = cacheControl
    if (settings.acl) headers['x-oss-object-acl'] = settings.acl
    if (settings.storageClass) headers['x-oss-storage-class'] = settings.storageClass
    return {
      dedupe: settings.dedupe,
      headers,
      multipartThresholdBytes: settings.multipartThreshold * MB,
      retry: {
        retries: settings.retries,
        ...DEFAULT_BACKOFF,
        onRetry: (error, attempt, delayMs) =>
          this.ctx.log.warn(`[${PLUGIN_ID}] retry ${attempt}/${settings.retries} in ${delayMs} ms: ${error.message.replace(`[${PLUGIN_ID}] `, '')}`)
      },
      secrets: this.secrets
    }
  }

  private progress(): void {
    this.done++
    this.ctx.emit('uploadProgress', Math.round(60 + (40 * this.done) / Math.max(1, this.ctx.output.length)))
  }
}
