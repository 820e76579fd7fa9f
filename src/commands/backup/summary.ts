import { printable } from '../../errors'
import { PLUGIN_ID } from '../../plugin-id'
import type { BackupSummary, KeyNote } from './run'
import { formatBytes } from '../../errors/format-bytes'

/** How many keys of each list the summary names; the rest are counted. */
const NAMED = 20

/** Exit code 1 only when a download failed; skipped keys alone do not fail the run. */
export const backupExitCode = (summary: BackupSummary): number => (summary.failed.length > 0 ? 1 : 0)

/** The first line says it all; then the keys skipped, failed, retried and only in the backup, named. */
export function formatBackupSummary(summary: BackupSummary): string[] {
  const where = `${summary.bucket}/${summary.prefix}`
  const verb = summary.dryRun ? 'would download' : 'downloaded'
  const head =
    `${PLUGIN_ID}: backup of ${printable(where)}${summary.prefix === '' ? ' (whole bucket)' : ''} to ${printable(summary.folder)}` +
    `${summary.dryRun ? ' (dry run)' : ''}: ${summary.listed} listed, ${summary.downloaded} ${verb} (${formatBytes(summary.downloadedBytes)}), ` +
    `${summary.unchanged} unchanged, ${summary.skipped.length} skipped, ${summary.failed.length} failed, ` +
    `${summary.onlyInBackup.length} only in the backup; ${(summary.wallMs / 1000).toFixed(1)} s`
  return [
    head,
    ...named('skipped', summary.skipped),
    ...named('failed', summary.failed),
    ...named('retried', summary.retried),
    ...named('manifest entry ignored', summary.untrusted),
    ...named(
      'only in the backup (deleted from the bucket, kept here)',
      summary.onlyInBackup.map((key) => ({ key, reason: '' }))
    ),
    ...named(
      'stored under another name',
      summary.renamed.map(({ key, path, note }) => ({ key, reason: `${printable(path)} (${note})` }))
    )
  ]
}

function named(label: string, notes: readonly KeyNote[]): string[] {
  const lines = notes.slice(0, NAMED).map(({ key, reason }) => `  ${label}: ${printable(key)}${reason ? `: ${printable(reason)}` : ''}`)
  if (notes.length > NAMED) lines.push(`  … and ${notes.length - NAMED} more ${label}`)
  return lines
}
