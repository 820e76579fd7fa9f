import { promises as fs } from 'fs'
import { basename, dirname, extname, join, relative } from 'path'
import { writeFileAtomically } from '../atomic-write'
import type { MarkdownFile } from './find-files'

/** Where a rewritten note goes: beside the original as `<name>.migrated.md`, under another folder, or over it. */
export type OutputMode =
  | { kind: 'beside' }
  | { kind: 'folder'; folder: string }
  | { kind: 'in-place'; backup: boolean }

export function outputPath(file: MarkdownFile, mode: OutputMode): string {
  if (mode.kind === 'in-place') return file.path
  if (mode.kind === 'folder') return join(mode.folder, relative(file.root, file.path))
  const ext = extname(file.path)
  return join(dirname(file.path), `${basename(file.path, ext)}.migrated${ext}`)
}

/**
 * Writes the rewritten note; false when the output already holds exactly these bytes (nothing written). In place,
 * the original is first kept as `<name>.md.bak` (unless --no-backup), and the new content replaces it atomically.
 */
export async function writeOutput(file: MarkdownFile, mode: OutputMode, content: Buffer): Promise<boolean> {
  const target = outputPath(file, mode)
  const existing = await fs.readFile(target).catch(() => undefined)
  if (existing?.equals(content)) return false
  await fs.mkdir(dirname(target), { recursive: true })
  if (mode.kind === 'in-place' && mode.backup) await fs.copyFile(file.path, `${file.path}.bak`)
  await writeFileAtomically(target, content)
  return true
}
