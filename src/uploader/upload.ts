import type { IImgInfo, IPicGo } from 'picgo'
import { type Settings, resolveSettings } from '../config'
import { PLUGIN_ID, PluginError, messageOf, printable } from '../errors'
import { runStages, stagesFor } from '../transformers'
import { contentDigest } from '../transformers/hash-name'
import type { StageImage } from '../transformers/types'
import { createClient, type OssClient } from './client'
import { toStageImage } from './input'
import { cpuCount } from './cpu-count'
import { createGate } from './limit'
import { admitCompression } from './pixel-budget'
import { asPluginError, batchError, type FailedFile, reportFailures } from './report'
import { DEFAULT_BACKOFF } from './retry'
import { type KnownImage, KnownImages } from './known-images'
import { holdsBytes, type StoreOptions, type StoreResult, storeObject } from './store'
import { objectUrl } from './url'

export const CONFIG_KEY = `picBed.${PLUGIN_ID}`
const UPLOAD_CONCURRENCY = 6
const IMMUTABLE = 'public, max-age=31536000, immutable'
const MB = 1024 * 1024

export type UploadContext = Pick<IPicGo, 'getConfig' | 'log' | 'emit' | 'output' | 'GUI_VERSION' | 'baseDir'>

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
  const outcomes = await uploadImages(ctx, settings, ctx.output)
  const failures = outcomes.filter((outcome) => outcome !== undefined)
  const total = ctx.output.length
  if (failures.length > 0) reportFailures(ctx, failures, total)
  if (failures.length === total && total > 0) throw batchError(failures, total)
  if (failures.length > 0) keepSuccessesPrintable(ctx, outcomes)
  return ctx
}

/**
 * The one upload path for a list of images (PicGo's upload, and commands such as migrate): each image
 * goes through input → stages → identity → store; a stored image gets its imgUrl (and ossKey), a failed
 * one is returned in its place. Never throws for a single image; the known-images file is saved at the end.
 */
export async function uploadImages(ctx: UploadContext, settings: Settings, items: IImgInfo[]): Promise<Array<FailedFile | undefined>> {
  const batch = new Batch(ctx, settings, items.length)
  const outcomes = await Promise.all(items.map((item) => batch.upload(item)))
  batch.saveKnownImages()
  return outcomes
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

/** One upload call: shares the client, the gates, and the images and keys already in progress. */
class Batch {
  private lazyClient: OssClient | undefined
  private readonly secrets: string[]
  private readonly stages: ReturnType<typeof stagesFor>['stages']
  private readonly compressGate = createGate(cpuCount())
  private readonly uploadGate = createGate(UPLOAD_CONCURRENCY)
  private readonly storing = new Map<string, Promise<StoreResult>>()
  private readonly resolving = new Map<string, { file: string; pending: Promise<Resolved> }>()
  private readonly known: KnownImages | undefined
  private done = 0

  constructor(private readonly ctx: UploadContext, private readonly settings: Settings, private readonly total: number) {
    this.secrets = [settings.accessKeySecret, settings.stsToken].filter(Boolean)
    const { stages, compressing, warning } = stagesFor(settings, ctx)
    this.stages = stages
    if (warning) ctx.log.warn(`[${PLUGIN_ID}] ${warning}`)
    this.known = KnownImages.open(ctx.baseDir, settings, compressing)
  }

  /** Uploads one image and sets its imgUrl; returns the failure instead of throwing. */
  async upload(item: IImgInfo): Promise<FailedFile | undefined> {
    const file = item.fileName ?? 'image'
    try {
      const input = toStageImage(item)
      const id = this.known?.idOf(input.buffer, input.fileName)
      const { result, notes } = id === undefined ? await this.resolve(input, id) : await this.resolveOnce(input, id)
      return await this.finish(item, result, notes)
    } catch (error) {
      return { file, error: asPluginError(error, file, this.secrets) }
    }
  }

  /**
   * The same picture twice in one upload (one file passed twice, or a renamed copy) is
   * compressed, checked and stored once, and every copy gets its URL. Only where keys are a function
   * of the input (there is an id): under a uuid or date template each copy is an object of its own.
   */
  private resolveOnce(input: StageImage, id: string): Promise<Resolved> {
    const first = this.resolving.get(id)
    if (first !== undefined) {
      return first.pending.then(
        ({ result }) => ({ result, notes: [`the same image as ${first.file} in this upload: ${result.key}`] }),
        (error: unknown) => {
          // The copy's own name goes first, so the list of failed files names every file that failed.
          const cause = asPluginError(error, first.file, this.secrets)
          throw new PluginError(`${input.fileName}: the same image as ${first.file}, which failed: ${messageOf(cause)}`, {
            file: input.fileName, code: cause.code, status: cause.status, requestId: cause.requestId
          })
        }
      )
    }
    const pending = this.resolve(input, id)
    this.resolving.set(id, { file: input.fileName, pending })
    return pending
  }

  /** A known image's object if it is still there, otherwise compress → name → store. */
  private async resolve(input: StageImage, id: string | undefined): Promise<Resolved> {
    const known = id === undefined ? undefined : this.known?.get(id)
    if (known !== undefined &&
      await this.uploadGate(() => holdsBytes(this.client, known.key, known, input.fileName, this.storeOptions({})))) {
      return { result: known, notes: [`already stored as ${known.key} (a known image: not compressed again), nothing sent`] }
    }
    const staged = await admitCompression(input.buffer, () => this.compressGate(() => runStages(this.stages, input)))
    const stored = await this.store(staged)
    const result = describe(staged, stored)
    if (id !== undefined) this.known?.remember(id, result)
    return {
      result,
      notes: [...(staged.notes ?? []), stored.uploaded ? `stored as ${stored.key}` : `already stored as ${stored.key}, nothing sent`]
    }
  }

  /**
   * Made on first use, not up front: with ali-oss loaded then (client.ts), a batch of new images
   * starts compressing at once and loads it while the other cores are still compressing.
   */
  private get client(): OssClient {
    this.lazyClient ??= createClient(this.settings)
    return this.lazyClient
  }

  saveKnownImages(): void {
    const problem = this.known?.save()
    if (problem) this.ctx.log.warn(`[${PLUGIN_ID}] ${problem}`)
  }

  private async finish(item: IImgInfo, result: KnownImage, notes: string[]): Promise<undefined> {
    // Stored: the input can go now, not at the end of the batch (PicGo's own uploaders do the same).
    delete item.buffer
    delete item.base64Image
    item.imgUrl = await objectUrl(this.settings, result.key)
    Object.assign(item, {
      extname: result.extname, contentType: result.contentType, width: result.width ?? item.width,
      height: result.height ?? item.height, size: result.size, ossKey: result.key, ossBucket: this.settings.bucket
    })
    this.ctx.log.info(`[${PLUGIN_ID}] ${printable(item.fileName ?? 'image')}: ${notes.join('; ')}`)
    this.progress()
    return undefined
  }

  /** Inputs that end as the same bytes (one picture with other metadata, say) share one upload. */
  private store(image: StageImage): Promise<StoreResult> {
    const key = image.key as string
    let pending = this.storing.get(key)
    if (pending === undefined) {
      pending = this.uploadGate(() => storeObject(this.client, {
        key, buffer: image.buffer, contentType: image.contentType, fileName: image.fileName
      }, image.digest ?? contentDigest(image.buffer), this.storeOptions(image)))
      this.storing.set(key, pending)
    }
    return pending
  }

  private storeOptions(image: Pick<StageImage, 'contentAddressed'>): StoreOptions {
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
          this.ctx.log.warn(`[${PLUGIN_ID}] retry ${attempt}/${settings.retries} in ${delayMs} ms: ${messageOf(error)}`)
      },
      secrets: this.secrets
    }
  }

  private progress(): void {
    this.done++
    this.ctx.emit('uploadProgress', Math.round(60 + (40 * this.done) / Math.max(1, this.total)))
  }
}

/** What became of one input, and what to log about it. */
interface Resolved {
  result: KnownImage
  notes: string[]
}

/** What an upload produced, as the known-images file remembers it. */
function describe(staged: StageImage, stored: StoreResult): KnownImage {
  return {
    key: stored.key,
    md5Hex: stored.md5Hex,
    sha256Hex: stored.sha256Hex,
    extname: staged.extname,
    contentType: staged.contentType,
    size: staged.buffer.length,
    width: staged.width,
    height: staged.height,
    at: Date.now()
  }
}
