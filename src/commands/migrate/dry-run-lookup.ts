import type { Settings } from '../../config'
import { runStages, stagesFor } from '../../transformers'
import { createClient, type OssClient } from '../../uploader/client'
import { toStageImage } from '../../uploader/input'
import { KnownImages } from '../../uploader/known-images'
import { admitCompression } from '../../uploader/pixel-budget'
import { DEFAULT_BACKOFF } from '../../uploader/retry'
import { holdsBytes, type StoreOptions } from '../../uploader/store'
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
  private readonly storeOptions: StoreOptions

  constructor(baseDir: string, private readonly settings: Settings) {
    const { stages, compressing } = stagesFor(settings)
    this.stages = stages
    this.known = KnownImages.open(baseDir, settings, compressing)
    this.storeOptions = {
      dedupe: true, headers: {}, multipartThresholdBytes: Number.POSITIVE_INFINITY,
      retry: { retries: settings.retries, ...DEFAULT_BACKOFF }, secrets: [settings.accessKeySecret, settings.stsToken].filter(Boolean)
    }
  }

  async predict(item: UploadItem): Promise<Prediction> {
    const input = toStageImage(item)
    const known = this.known?.get(this.known.idOf(input.buffer, input.fileName))
    if (known !== undefined && await holdsBytes(this.client, known.key, known, input.fileName, this.storeOptions)) {
      return { stored: true, url: await objectUrl(this.settings, known.key) }
    }
    const staged = await admitCompression(input.buffer, () => runStages(this.stages, input))
    const key = staged.key as string
    if (this.settings.dedupe && staged.digest !== undefined &&
      await holdsBytes(this.client, key, { md5Hex: staged.digest.md5Hex.toUpperCase(), sha256Hex: staged.digest.sha256Hex }, input.fileName, this.storeOptions)) {
      return { stored: true, url: await objectUrl(this.settings, key) }
    }
    return { stored: false, key }
  }

  private get client(): OssClient {
    this.lazyClient ??= createClient(this.settings)
    return this.lazyClient
  }
}
