import type { IImgInfo, IPicGo } from 'picgo'
import type { Settings } from '../config'
import { readUploadSettings, settingsWarnings } from '../settings-advice'
import { PLUGIN_ID, PluginError, messageOf, printable } from '../errors'
import { secretsOf } from '../errors/redact'
import { runStages, type StageList, stagesFor } from '../transformers'
import type { StageImage } from '../transformers/types'
import { createClient, type OssClient } from '../oss/client'
import { preconnect } from '../oss/preconnect'
import { isCommandLineUpload } from './caller'
import { cpuCount } from './cpu-count'
import { type Content, contentOf } from '../oss/evidence'
import { holdsAt, KeyClaims, memo, place, type Placement } from './identity'
import { toStageImage } from './input'
import type { PicGoHome } from './picgo-files'
import { type KnownImage, KnownImages } from './known-images'
import { createGate } from '../concurrency/limit'
import { admitCompression } from './pixel-budget'
import { asPluginError, batchError, type FailedFile, reportFailures } from './report'
import { type StoreContext, storeContextOf } from '../oss/store'
import { objectUrl } from './url'

const UPLOAD_CONCURRENCY = 6

export type UploadContext = Pick<IPicGo, 'getConfig' | 'log' | 'emit' | 'output' | 'GUI_VERSION' | 'baseDir'> & Partial<Pick<IPicGo, 'configPath'>>

/** The uploader's handle: for each image, compress → name → store (dedupe) → URL. */
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
  if (isCommandLineUpload(ctx) && failures.length < total) {
    // Typora reads the last N lines of stdout by position: a thrown error would print after the URLs and lose them
    // all, so on the command line a failed file gets an empty line and the others keep theirs.
    for (const [index, item] of ctx.output.entries()) if (outcomes[index] !== undefined) item.imgUrl = ''
    return ctx
  }
  // picgo server, the GUI and its server answer a list from which PicGo drops empty URLs: one failed file would move
  // every later URL onto the wrong image. So the request fails as a whole and carries no URL at all.
  for (const item of ctx.output) delete item.imgUrl
  if (ctx.GUI_VERSION) ctx.output.splice(0, ctx.output.length)
  throw batchError(failures, total)
}

/**
 * The one upload path for a list of images (PicGo's upload, and commands such as migrate): each image
 * goes through input → stages → identity → store; a stored image gets its imgUrl (and ossKey), a failed
 * one is returned in its place. Never throws for a single image; the known-images file is saved at the end.
 */
export async function uploadImages(ctx: UploadContext, settings: Settings, items: IImgInfo[]): Promise<Array<FailedFile | undefined>> {
  const batch = new Batch(ctx, settings, items.length)
  const outcomes = await Promise.all(items.map((item, index) => batch.upload(item, index)))
  batch.saveKnownImages()
  return outcomes
}

/**
 * One upload call: per image, input → (a known image, checked by one HEAD) or stages → claim a key in input
 * order → place it (identity.ts) → URL. Shares the client, the gates, and the work already in progress: the same
 * input twice, and different inputs that became the same bytes under the same key, are stored once.
 */
class Batch {
  private lazyClient: OssClient | undefined
  private readonly secrets: string[]
  private readonly pipeline: Pick<StageList, 'stages' | 'name'>
  private readonly compressGate = createGate(cpuCount())
  private readonly uploadGate = createGate(UPLOAD_CONCURRENCY)
  private readonly claims: KeyClaims
  private readonly placing = memo<Placement>()
  private readonly resolving = new Map<string, { file: string; pending: Promise<Resolved> }>()
  private readonly known: KnownImages | undefined
  private readonly home: PicGoHome
  private done = 0

  constructor(private readonly ctx: UploadContext, private readonly settings: Settings, private readonly total: number) {
    this.secrets = secretsOf(settings)
    const { stages, name, warning, outputIdentity } = stagesFor(settings, ctx, () => this.prepareClient())
    this.pipeline = { stages, name }
    if (warning) ctx.log.warn(`[${PLUGIN_ID}] ${warning}`)
    this.known = KnownImages.open(ctx.baseDir, settings, outputIdentity)
    this.claims = new KeyClaims(total)
    this.home = { baseDir: ctx.baseDir, configPath: ctx.configPath, logPath: ctx.getConfig<string | undefined>('settings.logPath') }
  }

  /** Uploads one image and sets its imgUrl; returns the failure instead of throwing. */
  async upload(item: IImgInfo, index: number): Promise<FailedFile | undefined> {
    const file = item.fileName ?? 'image'
    try {
      const input = toStageImage(item, this.settings, this.home)
      const id = this.known?.idOf(input)
      const { result, notes } = id === undefined ? await this.resolve(input, id, index) : await this.resolveOnce(input, id, index)
      return await this.finish(item, result, notes)
    } catch (error) {
      return { file, error: asPluginError(error, file, this.secrets) }
    } finally {
      this.claims.done(index)
    }
  }

  /**
   * The same picture twice in one upload (one file passed twice, or a renamed copy) is
   * compressed, checked and stored once, and every copy gets its URL. Only where keys are a function
   * of the input (there is an id): under a uuid or date template each copy is an object of its own.
   */
  private resolveOnce(input: StageImage, id: string, index: number): Promise<Resolved> {
    const first = this.resolving.get(id)
    if (first !== undefined) {
      this.claims.done(index)
      return first.pending.then(
        ({ result }) => ({ result, notes: [`the same image as ${printable(first.file)} in this upload: ${result.key}`] }),
        (error: unknown) => {
          // The copy's own name goes first, so the list of failed files names every file that failed.
          const cause = asPluginError(error, first.file, this.secrets)
          throw new PluginError(`${printable(input.fileName)}: the same image as ${printable(first.file)}, which failed: ${messageOf(cause)}`, {
            file: input.fileName, code: cause.code, status: cause.status, requestId: cause.requestId
          })
        }
      )
    }
    const pending = this.resolve(input, id, index)
    this.resolving.set(id, { file: input.fileName, pending })
    return pending
  }

  /** A known image's object if the server's evidence says it still holds those bytes, otherwise compress → name → place. */
  private async resolve(input: StageImage, id: string | undefined, index: number): Promise<Resolved> {
    const known = id === undefined ? undefined : this.known?.get(id)
    if (known !== undefined && await this.uploadGate(() => holdsAt(this.storeContext(input.fileName), known.key, known))) {
      await this.claims.turn(index)
      if (this.claims.claim(known.key, known)) {
        this.claims.done(index)
        return { result: known, notes: [`already stored as ${known.key} (a known image: not compressed again), nothing sent`] }
      }
    }
    const staged = await admitCompression(input.buffer, () => this.compressGate(() => runStages(this.pipeline, input)))
    const content = contentOf(staged.buffer, staged.digest)
    const baseKey = staged.key
    await this.claims.turn(index)
    const first = this.claims.claimFrom(baseKey, content, 0, input.fileName)
    this.claims.done(index)
    const placed = await this.placing(`${first.key}\0${content.sha256Hex}`, () => place(
      this.storeContext(input.fileName, staged.contentAddressed), this.claims, baseKey, first,
      { buffer: staged.buffer, content, contentType: staged.contentType }, { dedupe: this.settings.dedupe, gate: this.uploadGate }
    ))
    const result = describe(staged, content, placed)
    if (id !== undefined) this.known?.remember(id, result)
    return {
      result,
      notes: [...(staged.notes ?? []), placed.created ? `stored as ${placed.key}` : `already stored as ${placed.key}, nothing sent`]
    }
  }

  /**
   * Made on first use or while the first encode runs (prepareClient), not up front: a batch of new images starts
   * compressing at once, and loading ali-oss (client.ts) costs the paste no time of its own.
   */
  private get client(): OssClient {
    this.lazyClient ??= createClient(this.settings)
    return this.lazyClient
  }

  /**
   * Loads ali-oss, makes the client and opens its connection while the first encode runs; a failure here shows at the
   * first request instead. Through a proxy the request opens its own tunnel.
   */
  private prepareClient(): void {
    if (this.lazyClient !== undefined) return
    try {
      if (this.settings.proxy === undefined) preconnect(this.client)
      else void this.client
    } catch {
      // The same error is thrown, and reported for its file, by the first request that needs the client.
    }
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
      height: result.height ?? item.height, size: result.size, ossKey: result.key, ossBucket: this.settings.bucket,
      ossCreated: result.created
    })
    this.ctx.log.info(`[${PLUGIN_ID}] ${printable(item.fileName ?? 'image')}: ${printable(notes.join('; '))}`)
    this.progress()
    return undefined
  }

  private storeContext(fileName: string, contentAddressed = false): StoreContext {
    const { settings } = this
    return storeContextOf(settings, this.client, fileName, {
      contentAddressed,
      onRetry: (error, attempt, delayMs) =>
        this.ctx.log.warn(`[${PLUGIN_ID}] retry ${attempt}/${settings.retries} in ${delayMs} ms: ${messageOf(error)}`)
    })
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
function describe(staged: StageImage, content: Content, placed: Placement): KnownImage {
  return {
    key: placed.key,
    created: placed.created,
    md5Hex: content.md5Hex,
    sha256Hex: content.sha256Hex,
    crc64: content.crc64,
    extname: staged.extname,
    contentType: staged.contentType,
    size: content.size,
    width: staged.width,
    height: staged.height,
    at: Date.now()
  }
}
