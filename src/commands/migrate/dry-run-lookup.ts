import type { Settings } from '../../config'
import { runStages, stagesFor } from '../../transformers'
import { createClient, type OssClient } from '../../uploader/client'
import { toStageImage } from '../../uploader/input'
import { KnownImages } from '../../uploader/known-images'
import { admitCompression } from '../../uploader/pixel-budget'
import { contentDigest } from '../../transformers/hash-name'
import { contentOf } from '../../uploader/evidence'
import { holdsAt } from '../../uploader/identity'
import { type StoreContext, storeContextOf } from '../../uploader/store'
import { objectUrl } from '../../uploader/url'
import type { UploadItem } from './load-image'

/** What an upload of the image would do. */
export type Prediction = { stored: true; url: string } | { stored: false; key: string }

/**
 * The dry run's answer to "would this image be uploaded?", with HEAD requests only: a known image (the known-images
 * file in PicGo's folder) is checked by one HEAD; otherwise the stages run here (compression and naming, no network)
 * and the key they name is checked by one HEAD, as the upload's dedupe would.
 */
export class DryRunLookup {
  private lazyClient: OssClient | undefined
  private readonly stages: ReturnType<typeof stagesFor>['stages']
  private readonly known: KnownImages | undefined

  constructor(baseDir: string, private readonly settings: Settings) {
    const { stages, compressing, outputIdentity } = stagesFor(settings)
    this.stages = stages
    this.known = KnownImages.open(baseDir, settings, compressing, outputIdentity)
  }

  /** The same evidence test as the upload's (identity.ts): a HEAD whose length and CRC-64 or MD5 match. */
  async predict(item: UploadItem): Promise<Prediction> {
    const input = toStageImage(item)
    const store = this.store(input.fileName)
    const known = this.known?.get(this.known.idOf(input.buffer, input.fileName, input.sourcePath))
    if (known !== undefined && await holdsAt(store, known.key, known)) {
      return { stored: true, url: await objectUrl(this.settings, known.key) }
    }
    const staged = await admitCompression(input.buffer, () => runStages(this.stages, input))
    const key = staged.key as string
    if (this.settings.dedupe && await holdsAt(store, key, contentOf(staged.buffer, staged.digest ?? contentDigest(staged.buffer)))) {
      return { stored: true, url: await objectUrl(this.settings, key) }
    }
    return { stored: false, key }
  }

  private store(fileName: string): StoreContext {
    return storeContextOf(this.settings, this.client, fileName)
  }

  private get client(): OssClient {
    this.lazyClient ??= createClient(this.settings)
    return this.lazyClient
  }
}
