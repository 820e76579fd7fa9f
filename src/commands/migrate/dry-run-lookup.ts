import type { Settings } from '../../config'
import { runStages, type StageList, stagesFor } from '../../transformers'
import { createClient, type OssClient } from '../../oss/client'
import { toStageImage } from '../../uploader/input'
import { KnownImages } from '../../uploader/known-images'
import { admitCompression } from '../../uploader/pixel-budget'
import { contentOf } from '../../oss/evidence'
import { holdsAt, KeyClaims, probePlacement } from '../../uploader/identity'
import { type StoreContext, storeContextOf } from '../../oss/store'
import { objectUrl } from '../../uploader/url'
import type { UploadItem } from './load-image'

/** What an upload of the image would do. */
export type Prediction = { stored: true; url: string } | { stored: false; key: string }

/**
 * The dry run's answer to "would this image be uploaded, and under which key?", with HEAD requests only: a known
 * image (the known-images file in PicGo's folder) is checked by one HEAD; otherwise the stages run here (compression
 * and naming, no network) and the key they name is probed as the upload would place it (identity.ts): a key that
 * holds other bytes, in the bucket or among the keys this run would take already, sends it on to `-1`, `-2`, …
 */
export class DryRunLookup {
  private lazyClient: OssClient | undefined
  private readonly pipeline: Pick<StageList, 'stages' | 'name'>
  private readonly known: KnownImages | undefined
  /** The keys this run would create, with the sha-256 of the bytes each would hold. */
  private readonly planned = new Map<string, string>()

  constructor(private readonly baseDir: string, private readonly settings: Settings) {
    const { stages, name, outputIdentity } = stagesFor(settings)
    this.pipeline = { stages, name }
    this.known = KnownImages.open(baseDir, settings, outputIdentity)
  }

  /**
   * Predictions for a chunk, which the upload sends as one batch: each image claims its key in the chunk's order, as
   * the upload's claims go, before any is probed; a failure stands in an image's place.
   */
  async predictAll(items: readonly UploadItem[]): Promise<Array<Prediction | Error>> {
    const staged = await Promise.all(items.map((item) => this.stage(item).catch((error: Error) => error)))
    const claims = new KeyClaims(items.length)
    const claimed = staged.map((entry) => {
      if (entry instanceof Error || 'stored' in entry) return entry
      try {
        return { ...entry, first: claims.claimFrom(entry.baseKey, entry.content, 0, entry.store.fileName) }
      } catch (error) {
        return error as Error
      }
    })
    const out: Array<Prediction | Error> = []
    for (const entry of claimed) out.push(entry instanceof Error || 'stored' in entry ? entry : await this.place(entry, claims).catch((error: Error) => error))
    return out
  }

  /** A known image that the bucket still holds, or the staged bytes and the key the stages named. */
  private async stage(item: UploadItem): Promise<Prediction | Staged> {
    const input = toStageImage(item, this.settings, { baseDir: this.baseDir })
    const store = this.store(input.fileName)
    const known = this.known?.get(this.known.idOf(input))
    if (known !== undefined && await holdsAt(store, known.key, known)) {
      return { stored: true, url: await objectUrl(this.settings, known.key) }
    }
    const staged = await admitCompression(input.buffer, () => runStages(this.pipeline, input))
    return { store, baseKey: staged.key, content: contentOf(staged.buffer, staged.digest) }
  }

  private async place({ store, baseKey, content, first }: Staged & { first: { key: string; attempt: number } }, claims: KeyClaims): Promise<Prediction> {
    const placed = await probePlacement(store, claims, baseKey, first, content, (key) => {
      const owner = this.planned.get(key)
      return owner === undefined ? undefined : owner === content.sha256Hex ? 'same' : 'other'
    })
    if (!placed.created) return { stored: true, url: await objectUrl(this.settings, placed.key) }
    this.planned.set(placed.key, content.sha256Hex)
    return { stored: false, key: placed.key }
  }

  private store(fileName: string): StoreContext {
    return storeContextOf(this.settings, this.client, fileName)
  }

  private get client(): OssClient {
    this.lazyClient ??= createClient(this.settings)
    return this.lazyClient
  }
}

interface Staged { store: StoreContext; baseKey: string; content: ReturnType<typeof contentOf> }
