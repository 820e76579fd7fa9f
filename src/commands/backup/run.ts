import { secretsOf } from '../../errors/redact'
import { promises as fs } from 'fs'
import { join } from 'path'
import type { Settings } from '../../settings/config'
import { messageOf, PluginError } from '../../errors'
import { createClient, type OssClient } from '../../oss/client'
import { DEFAULT_BACKOFF, type RetryPolicy, withRetries } from '../../oss/retry'
import { downloadVerified } from './download'
import { type ListedObject, listPages } from '../../oss/list'
import { BACKUP_DIR, localPathOf } from './local-path'
import { type Journal, type Manifest, type ManifestEntry, openJournal, readManifest, untrustedReason, writeManifest } from './manifest'
import { assertInside } from '../local-paths/inside'
import { removeFolder } from '../local-paths/remove'
import { PathClaims } from './path-claims'
import { createLimit, type Limit } from '../../concurrency/limit'

export interface BackupOptions {
  /** Absolute path of the backup folder; made if missing. */
  folder: string
  /** Key prefix to back up; '' for the whole bucket. */
  prefix: string
  concurrency: number
  /** List and plan only: nothing downloaded or written. */
  dryRun: boolean
  onProgress?: (progress: BackupProgress) => void
  /** A download failed and will be tried again. */
  onRetry?: (message: string) => void
}

export interface BackupProgress {
  listed: number
  done: number
  pending: number
  bytes: number
}

export interface BackupSummary {
  bucket: string
  prefix: string
  folder: string
  dryRun: boolean
  listed: number
  /** Downloaded and verified (in a dry run: would be). */
  downloaded: number
  downloadedBytes: number
  /** Same size and ETag as the backed-up copy, which is still there: not downloaded. */
  unchanged: number
  skipped: KeyNote[]
  failed: KeyNote[]
  /** Downloads that failed once (corrupted, connection broken) and were tried again. */
  retried: KeyNote[]
  /** Keys stored under another path than the key itself, and why. */
  renamed: Array<{ key: string; path: string; note: string }>
  /** Manifest or journal entries whose path is not the backup's own for the key: ignored (the key is backed up anew). */
  untrusted: KeyNote[]
  /** Backed-up keys under the prefix that the bucket no longer lists: kept (it is a backup). */
  onlyInBackup: string[]
  wallMs: number
}

export interface KeyNote {
  key: string
  reason: string
}

/**
 * Makes or updates a verified local copy of every object under the prefix. Listing and downloads overlap:
 * each page's new and changed objects are downloaded (at most `concurrency` at once) while the next page
 * is listed; each verified download is journalled at once, so an interrupted run resumes where it stopped.
 */
export async function runBackup(settings: Settings, options: BackupOptions): Promise<BackupSummary> {
  const started = Date.now()
  const summary: BackupSummary = {
    bucket: settings.bucket,
    prefix: options.prefix,
    folder: options.folder,
    dryRun: options.dryRun,
    listed: 0,
    downloaded: 0,
    downloadedBytes: 0,
    unchanged: 0,
    skipped: [],
    failed: [],
    retried: [],
    renamed: [],
    untrusted: [],
    onlyInBackup: [],
    wallMs: 0
  }
  await assertBackupFolder(options.folder)
  const manifest = await readManifest(options.folder, settings.bucket)
  summary.untrusted = manifest.untrusted.map(({ key, path }) => ({ key, reason: untrustedReason(path) }))
  const run = new BackupRun(settings, options, manifest, summary)
  await run.start()
  try {
    await run.listAndDownload()
  } finally {
    await run.finish()
  }
  summary.onlyInBackup = Object.keys(manifest.objects)
    .filter((key) => key.startsWith(options.prefix) && !run.seen.has(key))
    .sort()
  summary.wallMs = Date.now() - started
  return summary
}

class BackupRun {
  readonly seen = new Set<string>()
  private readonly client: OssClient
  private readonly secrets: string[]
  private readonly claims = new PathClaims()
  private readonly downloads: Limit
  /** The first download that threw (not a failed key, which is summed up): no new download starts after it. */
  private failure: { error: unknown } | undefined
  private readonly tempDir: string
  private journal: Journal | undefined
  private done = 0

  constructor(
    private readonly settings: Settings,
    private readonly options: BackupOptions,
    private readonly manifest: Manifest,
    private readonly summary: BackupSummary
  ) {
    this.client = createClient(settings)
    this.secrets = secretsOf(settings)
    this.downloads = createLimit(options.concurrency)
    this.tempDir = join(options.folder, BACKUP_DIR, 'tmp')
    for (const [key, entry] of Object.entries(manifest.objects)) this.claims.reserve(key, entry.path)
  }

  async start(): Promise<void> {
    if (this.options.dryRun) return
    // Partial downloads of an interrupted run: never under a final name, and useless now. Never through a link.
    await assertInside(this.options.folder, this.tempDir)
    await removeFolder(this.tempDir)
    this.journal = await openJournal(this.options.folder)
  }

  async listAndDownload(): Promise<void> {
    for await (const page of listPages(this.client, this.options.prefix, { retry: this.retryPolicy(), secrets: this.secrets })) {
      for (const object of page) {
        this.summary.listed++
        this.seen.add(object.key)
        await this.consider(object)
      }
      this.progress()
    }
    await this.downloads.idle()
    if (this.failure !== undefined) throw this.failure.error
  }

  async finish(): Promise<void> {
    await this.downloads.idle()
    if (this.journal === undefined) return
    await this.journal.close()
    await writeManifest(this.options.folder, this.manifest)
  }

  private async consider(object: ListedObject): Promise<void> {
    const mapped = localPathOf(object.key)
    if (mapped.kind === 'skip') {
      this.summary.skipped.push({ key: object.key, reason: mapped.reason })
      return
    }
    const entry = this.manifest.objects[object.key]
    if (
      entry !== undefined &&
      entry.damaged === undefined &&
      entry.etag === object.etag &&
      entry.size === object.size &&
      (await this.sizeOnDisk(entry.path)) === entry.size
    ) {
      this.summary.unchanged++
      return
    }
    let path = entry?.path
    let note = entry?.note ?? mapped.note
    if (path === undefined) {
      const claimed = this.claims.claim(object.key, mapped.path)
      path = claimed.path
      note = claimed.clash ?? mapped.note
    }
    if (note !== undefined) this.summary.renamed.push({ key: object.key, path, note })
    if (this.options.dryRun) {
      this.summary.downloaded++
      this.summary.downloadedBytes += object.size
      return
    }
    await this.schedule(() => this.download(object, path, note, entry !== undefined))
  }

  /** Waits for a free slot, so a million-key listing never queues a million downloads. */
  private async schedule(task: () => Promise<void>): Promise<void> {
    await this.downloads.vacancy()
    if (this.failure !== undefined) throw this.failure.error
    this.downloads(task).catch((error: unknown) => {
      this.failure = this.failure ?? { error }
    })
  }

  private async download(object: ListedObject, path: string, note: string | undefined, ours: boolean): Promise<void> {
    try {
      const result = await withRetries(this.retryPolicy(object.key), () =>
        downloadVerified(this.client, object, this.localFile(path), {
          folder: this.options.folder,
          tempDir: this.tempDir,
          idleTimeoutMs: this.settings.timeout,
          secrets: this.secrets,
          replaceable: ours
        })
      )
      const entry: ManifestEntry = {
        path,
        size: result.size,
        etag: result.etag,
        crc64: result.crc64,
        ...(result.contentType ? { contentType: result.contentType } : {}),
        ...(result.cacheControl ? { cacheControl: result.cacheControl } : {}),
        lastModified: object.lastModified,
        savedAt: new Date().toISOString(),
        ...(note ? { note } : {})
      }
      this.manifest.objects[object.key] = entry
      await this.journal?.record(object.key, entry)
      this.summary.downloaded++
      this.summary.downloadedBytes += result.size
    } catch (error) {
      this.summary.failed.push({ key: object.key, reason: messageOf(error) })
    }
    this.done++
    this.progress()
  }

  private retryPolicy(key?: string): RetryPolicy {
    return {
      retries: this.settings.retries,
      ...DEFAULT_BACKOFF,
      onRetry: (error: PluginError, attempt: number, delayMs: number) => {
        if (key !== undefined) this.summary.retried.push({ key, reason: messageOf(error) })
        this.options.onRetry?.(`retry ${attempt}/${this.settings.retries} in ${delayMs} ms: ${messageOf(error)}`)
      }
    }
  }

  private localFile(path: string): string {
    return join(this.options.folder, ...path.split('/'))
  }

  private async sizeOnDisk(path: string): Promise<number | undefined> {
    try {
      const stat = await fs.lstat(this.localFile(path))
      return stat.isFile() ? stat.size : undefined
    } catch {
      return undefined
    }
  }

  private progress(): void {
    this.options.onProgress?.({ listed: this.summary.listed, done: this.done, pending: this.downloads.active, bytes: this.summary.downloadedBytes })
  }
}

/** The folder named for a backup: a folder, or nothing yet under a folder (never a FIFO, a device or /proc's files). */
async function assertBackupFolder(folder: string): Promise<void> {
  const stat = await fs.stat(folder).catch(() => undefined)
  if (stat !== undefined && !stat.isDirectory()) throw new PluginError(`${folder} is not a folder: choose a folder to back up into`, { file: folder })
}
