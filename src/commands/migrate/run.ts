import { promises as fs } from 'fs'
import type { Settings } from '../../settings/config'
import { messageOf } from '../../errors'
import { PLUGIN_ID } from '../../plugin-id'
import type { PlannedKeys, UploadContext } from '../../uploader/upload'
import { publicBase } from '../../uploader/url'
import { findMarkdownFiles, type MarkdownFile } from './find-files'
import { settleChunk, type ImageOutcome } from './image-outcomes'
import type { ImageTarget } from './load-image'
import { decodeExactly, type FoundLink, scanMarkdown, sha256 } from './markdown-file'
import { ObsidianVaults } from './obsidian-vault'
import { type Replacement, rewriteText } from './rewrite'
import { checkOutputPlan, type OutputMode, writeOutput } from './write-output'

export interface MigrateOptions {
  inputs: readonly string[]
  dryRun: boolean
  includeRemote: boolean
  exclude: readonly string[]
  output: OutputMode
  /**
   * Distinct images per chunk, one chunk at a time: what bounds the run's memory. Two chunks at once were measured
   * (bench:migrate, 1,500 images): four big photos compressing at once, peak RSS 773 MB against 639-692 MB, and no
   * CPU or wall time gained on 2 cores.
   */
  concurrency: number
  /** `--originals`: the images go up as they are, with the lossless metadata strip only (pixels that carry data stay). */
  originals?: boolean
  onProgress?: (progress: MigrateProgress) => void
}

export interface MigrateProgress {
  images: number
  settled: number
  startedAt: number
}

/** One line of the listing: a link, and what the run did (or, in a dry run, would do) with it. */
export interface LinkReport {
  file: string
  line: number
  target: string
  outcome: ImageOutcome | { kind: 'skipped'; reason: string }
}

export interface MigrateSummary {
  dryRun: boolean
  files: number
  /** Files written (or, in a dry run, that would be). */
  rewritten: string[]
  /** Files whose every image link failed: left as they were. */
  untouched: string[]
  links: LinkReport[]
  /** `targets`: local files and URLs; `contents`: the distinct bytes among them, each sent through the uploader once. */
  images: { targets: number; contents: number; stored: number; known: number; wouldUpload: number; failed: number; bytesRead: number }
  /** Problems with a whole file or input (not Markdown, not UTF-8, changed during the run). */
  problems: string[]
  /** Notes not scanned because they sit in hidden folders (`.trash`, …). */
  hiddenNotes: string[]
}

/** `migrate`: finds the image links of the notes, settles each distinct image once, then rewrites the notes. */
export async function runMigrate(ctx: UploadContext, configured: Settings, options: MigrateOptions): Promise<MigrateSummary> {
  const settings = options.originals === true ? { ...configured, compress: false } : configured
  if (settings.signedUrlExpires > 0 && !options.dryRun) {
    ctx.log.warn(`[${PLUGIN_ID}] "signedUrlExpires" is ${settings.signedUrlExpires}: the notes get signed URLs, which stop working after that many seconds`)
  }
  const { files, problems, hiddenNotes } = await findMarkdownFiles(options.inputs)
  await checkOutputPlan(files, options.output)
  const rules = {
    ownBases: ownBases(settings),
    exclude: options.exclude,
    includeRemote: options.includeRemote,
    vaults: new ObsidianVaults(files.map((file) => file.root))
  }
  const scanned: ScannedNote[] = []
  const targets = new Map<string, ImageTarget>()
  for (const file of files) {
    try {
      const result = await scanMarkdown(file.path, rules)
      scanned.push({ file, ...result })
      for (const { resolved } of result.links) {
        if (resolved.kind === 'local' || resolved.kind === 'remote') targets.set(targetId(resolved), resolved)
      }
    } catch (error) {
      problems.push(`${file.name}: ${messageOf(error)}`)
    }
  }

  const outcomes = await settleImages([...targets.values()], ctx, settings, options)
  const summary: MigrateSummary = {
    dryRun: options.dryRun,
    files: files.length,
    rewritten: [],
    untouched: [],
    links: [],
    problems,
    hiddenNotes,
    images: { ...countOutcomes(outcomes), bytesRead: outcomes.bytesRead }
  }
  for (const note of scanned) await finishNote(note, outcomes.byTarget, options, summary)
  return summary
}

type ScannedNote = { file: MarkdownFile; sha256: string; links: FoundLink[] }

/**
 * Reports the note's links and writes the note with every target that reached OSS replaced: unless it has nothing
 * to migrate, or every image it should migrate failed (then it stays as it was, and is named).
 */
async function finishNote(note: ScannedNote, byTarget: Map<string, ImageOutcome>, options: MigrateOptions, summary: MigrateSummary): Promise<void> {
  const reports = note.links.map((link): LinkReport => ({ file: note.file.name, line: link.line, target: link.target, outcome: outcomeOf(link, byTarget) }))
  summary.links.push(...reports)
  const migratable = reports.filter((report) => report.outcome.kind !== 'skipped')
  if (migratable.length === 0) return
  if (migratable.every((report) => report.outcome.kind === 'failed')) {
    summary.untouched.push(note.file.name)
    return
  }
  if (options.dryRun) {
    summary.rewritten.push(note.file.name)
    return
  }
  const replacements: Replacement[] = []
  note.links.forEach((link, index) => {
    const outcome = reports[index]?.outcome
    if (outcome?.kind === 'stored') replacements.push({ start: link.start, end: link.end, form: link.form, url: outcome.url, around: link.around })
  })
  try {
    if (await rewriteNote(note, replacements, options.output)) summary.rewritten.push(note.file.name)
  } catch (error) {
    summary.problems.push(`${note.file.name}: not rewritten: ${messageOf(error)}`)
  }
}

/** The note as scanned, rewritten; refused when it changed since the scan (an editor saved it meanwhile). */
async function rewriteNote(note: ScannedNote, replacements: Replacement[], output: OutputMode): Promise<boolean> {
  const bytes = await fs.readFile(note.file.path)
  if (sha256(bytes) !== note.sha256) throw new Error('the file changed during the run; run migrate again')
  const text = decodeExactly(bytes) as string
  return writeOutput(note.file, output, Buffer.from(rewriteText(text, replacements), 'utf8'))
}

interface SettledImages {
  byTarget: Map<string, ImageOutcome>
  /** By the sha-256 of the bytes: what each distinct content became. */
  byContent: Map<string, ImageOutcome>
  bytesRead: number
}

/** Settles the distinct images chunk by chunk: memory holds one chunk of inputs at a time. */
async function settleImages(targets: ImageTarget[], ctx: UploadContext, settings: Settings, options: MigrateOptions): Promise<SettledImages> {
  const byTarget = new Map<string, ImageOutcome>()
  const byContent = new Map<string, Promise<ImageOutcome>>()
  const planned: PlannedKeys | undefined = options.dryRun ? new Map() : undefined
  const startedAt = Date.now()
  let bytesRead = 0
  let settledCount = 0
  options.onProgress?.({ images: targets.length, settled: 0, startedAt })
  for (let next = 0; next < targets.length; next += options.concurrency) {
    const chunk = targets.slice(next, next + options.concurrency)
    const settled = await settleChunk(chunk, byContent, { ctx, settings, planned })
    chunk.forEach((target, index) => byTarget.set(targetId(target), settled.outcomes[index] ?? { kind: 'failed', reason: 'not settled' }))
    bytesRead += settled.bytesRead
    settledCount += chunk.length
    options.onProgress?.({ images: targets.length, settled: settledCount, startedAt })
  }
  const contents = new Map(await Promise.all([...byContent].map(async ([sha, pending]): Promise<[string, ImageOutcome]> => [sha, await pending])))
  return { byTarget, byContent: contents, bytesRead }
}

function outcomeOf(link: FoundLink, byTarget: Map<string, ImageOutcome>): LinkReport['outcome'] {
  const { resolved } = link
  if (resolved.kind === 'skip') return { kind: 'skipped', reason: resolved.reason }
  if (resolved.kind === 'missing') return { kind: 'failed', reason: resolved.reason }
  return byTarget.get(targetId(resolved)) ?? { kind: 'failed', reason: 'not settled' }
}

/** Uploads (and their predictions) count distinct contents; failures count targets, which may fail before any byte is read. */
function countOutcomes({ byTarget, byContent }: SettledImages): Omit<MigrateSummary['images'], 'bytesRead'> {
  const contents = [...byContent.values()]
  const count = (kind: ImageOutcome['kind']): number => contents.filter((outcome) => outcome.kind === kind).length
  return {
    targets: byTarget.size,
    contents: contents.length,
    stored: count('stored'),
    known: count('known'),
    wouldUpload: count('would-upload'),
    failed: [...byTarget.values()].filter((outcome) => outcome.kind === 'failed').length
  }
}

function targetId(target: ImageTarget): string {
  return target.kind === 'local' ? `file:${target.path}` : `url:${target.url}`
}

/** Links under the uploader's public base are migrated already (signed URLs too: they start with it). */
function ownBases(settings: Settings): string[] {
  const base = publicBase(settings)
  return [base.endsWith('/') ? base : `${base}/`]
}
