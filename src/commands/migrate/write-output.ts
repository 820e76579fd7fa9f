import { randomBytes } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { basename, dirname, extname, join, relative } from 'node:path'
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
  await writeAtomically(target, content)
  return true
}

/** Temp file beside the target, fsync, rename: a crash leaves the old file or the new one, never half of one. */
async function writeAtomically(target: string, content: Buffer): Promise<void> {
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`)
  const mode = await fs.stat(target).then((stat) => stat.mode & 0o777, () => 0o644)
  const handle = await fs.open(temp, 'wx', mode)
  try {
    await handle.writeFile(content)
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    await fs.rename(temp, target)
  } catch (error) {
    await fs.rm(temp, { force: true })
    throw error
  }
}
