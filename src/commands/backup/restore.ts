import { join } from 'path'
import type { Settings } from '../../settings/config'
import { messageOf, PluginError, printable } from '../../errors'
import { PLUGIN_ID } from '../../plugin-id'
import { createClient } from '../../oss/client'
import { mapBounded } from '../../concurrency/limit'
import { storeContextOf } from '../../oss/store'
import { MANIFEST_NAME } from './local-path'
import { readManifest, untrustedReason } from './manifest'
import { RESTORE_PUT_MAX_BYTES, restoreKeyOf, withBackedUpFile } from './restore-file'
import { pathInside } from '../local-paths/inside'
import { storeRestoredObject } from './restore-store'
import type { KeyNote } from './run'
import { formatBytes } from '../../errors/format-bytes'

export interface RestoreOptions {
  folder: string
  /** Put before every key: "old/" restores img/a.png as old/img/a.png. */
  toPrefix: string
  concurrency: number
  dryRun: boolean
  onRetry?: (message: string) => void
}

export interface RestoreSummary {
  bucket: string
  folder: string
  dryRun: boolean
  total: number
  /** Uploaded (in a dry run: would be, if the keys are free). */
  stored: number
  storedBytes: number
  /** Already in the bucket with the same length and CRC-64: nothing sent. */
  present: number
  /** Keys that hold other bytes: reported, never overwritten. */
  occupied: KeyNote[]
  failed: KeyNote[]
  wallMs: number
}

/**
 * Uploads a backup into the configured bucket (a move to a new bucket or region, or after a loss), through the
 * uploader's store with its identity rule: what is already there is skipped, nothing is overwritten. Each local
 * file is checked against the manifest's CRC-64 first, so a damaged copy is reported and never uploaded.
 */
export async function runRestore(settings: Settings, options: RestoreOptions): Promise<RestoreSummary> {
  const started = Date.now()
  const manifest = await readManifest(options.folder, undefined)
  const entries = Object.entries(manifest.objects).sort(([a], [b]) => (a < b ? -1 : 1))
  if (entries.length + manifest.untrusted.length === 0)
    throw new PluginError(`${join(options.folder, MANIFEST_NAME)} is missing or lists no objects: this folder holds no backup to restore`)
  const summary: RestoreSummary = {
    bucket: settings.bucket,
    folder: options.folder,
    dryRun: options.dryRun,
    total: entries.length + manifest.untrusted.length,
    stored: 0,
    storedBytes: 0,
    present: 0,
    occupied: [],
    failed: manifest.untrusted.map(({ key, path }) => untrustedNote(options.toPrefix, key, path)),
    wallMs: 0
  }
  const client = createClient(settings)
  const onRetry = (error: unknown, attempt: number, delayMs: number): void =>
    options.onRetry?.(`retry ${attempt}/${settings.retries} in ${delayMs} ms: ${messageOf(error)}`)
  await mapBounded(entries, options.concurrency, async ([backedUpKey, entry]) => {
    let key = options.toPrefix + backedUpKey
    try {
      key = restoreKeyOf(options.toPrefix, backedUpKey)
      if (options.dryRun) {
        await pathInside(options.folder, entry.path)
        summary.stored++
        summary.storedBytes += entry.size
      } else {
        const store = storeContextOf(settings, client, entry.path, { onRetry })
        store.multipartThresholdBytes = Math.min(store.multipartThresholdBytes, RESTORE_PUT_MAX_BYTES)
        if (entry.cacheControl) store.headers['Cache-Control'] = entry.cacheControl
        const contentType = entry.contentType ?? 'application/octet-stream'
        const outcome = await withBackedUpFile(options.folder, entry, (body, content) => storeRestoredObject(store, { key, body, content, contentType }))
        if (outcome.kind === 'stored') {
          summary.stored++
          summary.storedBytes += entry.size
        } else if (outcome.kind === 'present') {
          summary.present++
        } else {
          summary.occupied.push({ key, reason: outcome.detail })
        }
      }
    } catch (error) {
      summary.failed.push({ key, reason: messageOf(error) })
    }
  })
  summary.wallMs = Date.now() - started
  return summary
}

/** Why an untrusted entry is not restored: its key's own fault first, else its path. */
function untrustedNote(toPrefix: string, backedUpKey: string, path: string): KeyNote {
  try {
    return { key: restoreKeyOf(toPrefix, backedUpKey), reason: untrustedReason(path) }
  } catch (error) {
    return { key: toPrefix + backedUpKey, reason: messageOf(error) }
  }
}

/** Exit code 1 when an upload failed or a key holds other bytes. */
export const restoreExitCode = (summary: RestoreSummary): number => (summary.failed.length + summary.occupied.length > 0 ? 1 : 0)

export function formatRestoreSummary(summary: RestoreSummary): string[] {
  const verb = summary.dryRun ? 'would store' : 'stored'
  return [
    `${PLUGIN_ID}: restore of ${printable(summary.folder)} into bucket ${summary.bucket}${summary.dryRun ? ' (dry run)' : ''}: ${summary.total} in the backup, ` +
      `${summary.stored} ${verb} (${formatBytes(summary.storedBytes)}), ${summary.present} already there, ` +
      `${summary.occupied.length} held by other bytes, ${summary.failed.length} failed; ${(summary.wallMs / 1000).toFixed(1)} s`,
    ...summary.occupied.map(({ key, reason }) => `  held by other bytes: ${printable(key)}: ${printable(reason)}`),
    ...summary.failed.map(({ key, reason }) => `  failed: ${printable(key)}: ${printable(reason)}`)
  ]
}
