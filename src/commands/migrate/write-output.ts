import { constants, promises as fs } from 'fs'
import { basename, dirname, extname, join, relative } from 'path'
import { PluginError } from '../../errors'
import { writeFileAtomically } from '../shared/atomic-write'
import { assertInside } from '../local-paths/inside'
import type { MarkdownFile } from './find-files'

/** Where a rewritten note goes: beside the original as `<name>.migrated.md`, under another folder, or over it. */
export type OutputMode = { kind: 'beside' } | { kind: 'folder'; folder: string } | { kind: 'in-place'; backup: boolean }

/** `<name>.md.bak`, then `<name>.md.2.bak` … when earlier ones exist: a .bak is never replaced. */
const MAX_BACKUP_NAMES = 100

export function outputPath(file: MarkdownFile, mode: OutputMode): string {
  if (mode.kind === 'in-place') return file.path
  if (mode.kind === 'folder') return join(mode.folder, relative(file.root, file.path))
  const ext = extname(file.path)
  return join(dirname(file.path), `${basename(file.path, ext)}.migrated${ext}`)
}

/**
 * Refuses, before anything is written, outputs that would overwrite each other (two notes of the same name from two
 * folders under one --out) or a note itself (--out naming the notes' own folder): one sentence naming both paths.
 */
export async function checkOutputPlan(files: readonly MarkdownFile[], given: OutputMode): Promise<void> {
  if (given.kind === 'in-place') return
  // --out through a symbolic link to the notes' folder is that folder.
  const mode = given.kind === 'folder' ? { ...given, folder: await fs.realpath(given.folder).catch(() => given.folder) } : given
  const inputs = new Set(files.map((file) => file.path))
  const claimed = new Map<string, string>()
  for (const file of files) {
    const target = outputPath(file, mode)
    if (inputs.has(target)) {
      throw new PluginError(`--out would write ${target} over the note ${file.name} itself: choose a folder outside the notes, or use --in-place`, {
        setting: '--out'
      })
    }
    const earlier = claimed.get(target.toLowerCase())
    if (earlier !== undefined) {
      throw new PluginError(`${earlier} and ${file.name} would both be written to ${target}: migrate them with separate --out folders`, { setting: '--out' })
    }
    claimed.set(target.toLowerCase(), file.name)
  }
}

/**
 * Writes the rewritten note; false when the output already holds exactly these bytes (nothing written). In place,
 * the original is first kept as `<name>.md.bak` (unless --no-backup), and the new content replaces it atomically.
 * No write goes through a symbolic link or outside the folder it belongs in (--out, or the note's own).
 */
export async function writeOutput(file: MarkdownFile, mode: OutputMode, content: Buffer): Promise<boolean> {
  const target = outputPath(file, mode)
  await assertInside(mode.kind === 'folder' ? mode.folder : dirname(file.path), target)
  const existing = await fs.readFile(target).catch(() => undefined)
  if (existing?.equals(content)) return false
  await fs.mkdir(dirname(target), { recursive: true })
  await assertInside(mode.kind === 'folder' ? mode.folder : dirname(file.path), target)
  if (mode.kind === 'in-place' && mode.backup) await keepBackup(file.path)
  await writeFileAtomically(target, content)
  return true
}

/** Copies the note to the first free `.bak` name; the copy is created exclusively, so it never writes through a link. */
async function keepBackup(note: string): Promise<string> {
  for (let n = 1; n <= MAX_BACKUP_NAMES; n++) {
    const name = n === 1 ? `${note}.bak` : `${note}.${n}.bak`
    try {
      await fs.copyFile(note, name, constants.COPYFILE_EXCL)
      return name
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
  }
  throw new PluginError(`${note}.bak and ${MAX_BACKUP_NAMES - 1} more backups of it exist: not rewritten; remove old .bak files first`, { file: note })
}
