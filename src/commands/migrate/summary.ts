import { printable } from '../../errors'
import { PLUGIN_ID } from '../../plugin-id'
import { redactUrl } from '../../errors/redact'
import type { LinkReport, MigrateProgress, MigrateSummary } from './run'
import { ALREADY_ON_OSS } from './targets'
import { formatBytes } from '../../errors/format-bytes'

/** How much of a `data:` URI a line shows. */
const DATA_URI_SHOWN = 40

/**
 * The head line, then one line per failure, skipped link (but those already on OSS), note in a hidden folder and
 * problem; a dry run: one per link, with what it would do. Nothing the run left is left unnamed.
 */
export function formatMigrateSummary(summary: MigrateSummary): string[] {
  const { images } = summary
  const failedLinks = summary.links.filter((link) => link.outcome.kind === 'failed')
  const skippedLinks = summary.links.filter((link) => link.outcome.kind === 'skipped')
  const skipped = skippedLinks.length
  const untouched = summary.untouched.length === 0 ? '' : `, ${summary.untouched.length} left as they were (every image failed)`
  const head = summary.dryRun
    ? `${PLUGIN_ID}: dry run over ${summary.files} notes: ${summary.rewritten.length} would be rewritten${untouched}; ` +
      `${images.targets} images (${images.contents} distinct): ${images.wouldUpload} would be uploaded, ${images.known} already stored, ${images.failed} failed; ` +
      `${failedLinks.length} links failed, ${skipped} skipped; nothing sent but HEAD requests`
    : `${PLUGIN_ID}: migrated ${summary.files} notes: ${summary.rewritten.length} rewritten${untouched}; ` +
      `${images.targets} images (${images.contents} distinct, ${formatBytes(images.bytesRead)} read): ${images.stored} on OSS, ${images.failed} failed; ` +
      `${failedLinks.length} links failed, ${skipped} skipped`
  const hidden = summary.hiddenNotes.length === 0 ? '' : `; ${summary.hiddenNotes.length} notes in hidden folders not scanned`
  const lines = summary.dryRun
    ? summary.links.map(dryRunLine)
    : [
        ...failedLinks.map((link) => `  failed: ${linkLine(link)}`),
        ...skippedLinks.filter((link) => !isAlreadyOnOss(link)).map((link) => `  skipped: ${linkLine(link)}`)
      ]
  return [
    head + hidden,
    ...lines,
    ...summary.hiddenNotes.map((note) => `  skipped: ${printable(note)}: in a hidden folder, not scanned`),
    ...summary.problems.map((problem) => `  problem: ${printable(problem)}`)
  ]
}

export function migrateExitCode(summary: MigrateSummary): number {
  const failed = summary.links.some((link) => link.outcome.kind === 'failed') || summary.problems.length > 0
  return failed ? 1 : 0
}

/** `file:line: old target → what happens`. */
function dryRunLine(link: LinkReport): string {
  const { outcome } = link
  const where = `  ${printable(link.file)}:${link.line}: ${shownTarget(link.target)} → `
  switch (outcome.kind) {
    case 'would-upload':
      return `${where}would upload (as ${printable(outcome.key)})`
    case 'known':
      return `${where}known: ${outcome.url}`
    case 'stored':
      return `${where}${outcome.url}`
    case 'failed':
      return `${where}failed: ${printable(outcome.reason)}`
    case 'skipped':
      return `${where}skipped: ${outcome.reason}`
  }
}

function linkLine(link: LinkReport): string {
  const reason = 'reason' in link.outcome ? link.outcome.reason : ''
  return `${printable(link.file)}:${link.line}: ${shownTarget(link.target)}: ${printable(reason)}`
}

const isAlreadyOnOss = (link: LinkReport): boolean => link.outcome.kind === 'skipped' && link.outcome.reason === ALREADY_ON_OSS

/** A target as a line shows it: a URL without its query, a `data:` URI cut short (they run to many kilobytes). */
function shownTarget(target: string): string {
  if (/^data:/i.test(target) && target.length > DATA_URI_SHOWN) return `${printable(target.slice(0, DATA_URI_SHOWN))}… (${formatBytes(target.length)})`
  return printable(/^(https?:)?\/\//i.test(target) ? redactUrl(target) : target)
}

/** `120 of 1500 images (8 %), about 3 min 20 s left`. */
export function formatProgress(progress: MigrateProgress, now = Date.now()): string {
  const { images, settled, startedAt } = progress
  const percent = images === 0 ? 100 : Math.floor((100 * settled) / images)
  const eta = settled === 0 || settled >= images ? '' : `, about ${formatDuration(((now - startedAt) / settled) * (images - settled))} left`
  return `${settled} of ${images} images (${percent} %)${eta}`
}

function formatDuration(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000))
  if (seconds < 60) return `${seconds} s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`
}
