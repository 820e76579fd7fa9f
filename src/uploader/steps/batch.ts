import type { IPicGo } from 'picgo'
import type { Settings } from '../../settings/config'
import { messageOf } from '../../errors'
import { PLUGIN_ID } from '../../plugin-id'
import { secretsOf } from '../../errors/redact'
import { createLimit, type Limit } from '../../concurrency/limit'
import { createClient, type OssClient } from '../../oss/client'
import { preconnect } from '../../oss/preconnect'
import { type StoreContext, storeContextOf } from '../../oss/store'
import { type StageList, stagesFor } from '../../transformers'
import { cpuCount } from '../cpu-count'
import { type KnownImage, KnownImages } from '../known-images'
import type { PicGoHome } from '../picgo-files'
import { KeyClaims } from './claim'

const REQUEST_CONCURRENCY = 6

export type UploadContext = Pick<IPicGo, 'getConfig' | 'log' | 'emit' | 'output' | 'GUI_VERSION' | 'baseDir'> & Partial<Pick<IPicGo, 'configPath'>>

/** The keys a dry run would have created so far, with the sha-256 of the bytes each would hold: across its batches. */
export type PlannedKeys = Map<string, string>

/** Where some bytes ended up. created: this upload's own request made the object (the gallery may delete it). */
export interface Placement {
  key: string
  created: boolean
}

/** What became of one image, and what to log about it. sent: this batch's request made the object (or would, predicting). */
export interface Settled {
  result: KnownImage
  sent: boolean
  notes: string[]
}

/** 'upload' stores; 'predict' (the migrate dry run) takes the same steps with HEAD requests only, sending nothing. */
export type Mode = { kind: 'upload' } | { kind: 'predict'; planned: PlannedKeys }

/**
 * One upload call's shared state, which every image's steps read: the client, the limits, the key claims, the work
 * already in progress (the same bytes under the same key are placed once), and the known-images file.
 */
export interface Batch {
  readonly ctx: UploadContext
  readonly settings: Settings
  readonly mode: Mode
  readonly secrets: readonly string[]
  readonly home: PicGoHome
  readonly pipeline: Pick<StageList, 'stages' | 'name'>
  readonly known: KnownImages | undefined
  /** Compressions at once: one per core (the pixel budget bounds their memory). */
  readonly compressions: Limit
  /** OSS requests at once. */
  readonly requests: Limit
  readonly claims: KeyClaims
  /** By key and sha-256: a placement in progress or done, shared by every image that became those bytes under that key. */
  readonly placing: Map<string, Promise<Placement>>
  /** By known-images id: the first copy of an input in this upload, whose outcome later copies share. */
  readonly copies: Map<string, { file: string; pending: Promise<Settled> }>
  readonly total: number
  /** Images finished so far, for PicGo's progress bar. */
  finished: number
  /** A store context for this file's requests (the client made on first use). */
  store: (fileName: string, contentAddressed?: boolean) => StoreContext
}

export function openBatch(ctx: UploadContext, settings: Settings, total: number, mode: Mode): Batch {
  const uploading = mode.kind === 'upload'
  let client: OssClient | undefined
  const clientOf = (): OssClient => (client ??= createClient(settings))
  // Loads ali-oss, makes the client and opens its connection while the first encode runs: a batch of new images starts
  // compressing at once, and the client costs the paste no time of its own. A failure shows at the first request
  // instead. Through a proxy the request opens its own tunnel.
  const prepareClient = (): void => {
    if (client !== undefined) return // every encode calls it; the first prepares
    try {
      if (settings.proxy === undefined) preconnect(clientOf())
      else clientOf()
    } catch {
      // The same error is thrown, and reported for its file, by the first request that needs the client.
    }
  }
  const { stages, name, warning, outputIdentity } = uploading ? stagesFor(settings, prepareClient) : stagesFor(settings)
  if (uploading && warning) ctx.log.warn(`[${PLUGIN_ID}] ${warning}`)
  const onRetry = (error: Error, attempt: number, delayMs: number): void =>
    ctx.log.warn(`[${PLUGIN_ID}] retry ${attempt}/${settings.retries} in ${delayMs} ms: ${messageOf(error)}`)
  return {
    ctx,
    settings,
    mode,
    secrets: secretsOf(settings),
    home: { baseDir: ctx.baseDir, configPath: ctx.configPath, logPath: ctx.getConfig<string | undefined>('settings.logPath') },
    pipeline: { stages, name },
    known: KnownImages.open(ctx.baseDir, settings, outputIdentity),
    compressions: createLimit(cpuCount()),
    requests: createLimit(REQUEST_CONCURRENCY),
    claims: new KeyClaims(),
    placing: new Map(),
    copies: new Map(),
    total,
    finished: 0,
    store: (fileName, contentAddressed = false) =>
      storeContextOf(settings, clientOf(), fileName, uploading ? { contentAddressed, onRetry } : { contentAddressed })
  }
}
