import { promises as fs } from 'fs'
import { join } from 'path'
import { messageOf, PluginError, printable } from '../../errors'
import { PLUGIN_ID } from '../../plugin-id'
import { mapBounded } from '../../concurrency/limit'
import { fileCrc64 } from './download'
import { MANIFEST_NAME } from './local-path'
import { readManifest, untrustedReason, writeManifest } from './manifest'
import { pathInside } from '../local-paths/inside'
import type { KeyNote } from './run'

export interface VerifySummary {
  folder: string
  checked: number
  /** Files whose size and CRC-64 match the manifest. */
  intact: number
  /** Files missing, or with other bytes than were downloaded. */
  damaged: KeyNote[]
}

/** `--verify`: re-reads every backed-up file and checks its size and CRC-64 against the manifest; downloads nothing. */
export async function verifyBackup(folder: string, bucket: string, concurrency: number): Promise<VerifySummary> {
  const manifest = await readManifest(folder, bucket)
  const entries = Object.entries(manifest.objects)
  if (entries.length + manifest.untrusted.length === 0)
    throw new PluginError(`${join(folder, MANIFEST_NAME)} lists no objects: nothing to verify (run a backup first)`)
  const summary: VerifySummary = {
    folder,
    checked: manifest.untrusted.length,
    intact: 0,
    damaged: manifest.untrusted.map(({ key, path }) => ({ key, reason: untrustedReason(path) }))
  }
  await mapBounded(entries, concurrency, async ([key, entry]) => {
    const problem = await checkFile(folder, entry.path, entry.size, entry.crc64)
    summary.checked++
    if (problem === undefined) summary.intact++
    else {
      summary.damaged.push({ key, reason: `${entry.path}: ${problem}` })
      entry.damaged = problem
    }
  })
  summary.damaged.sort((a, b) => (a.key < b.key ? -1 : 1))
  if (summary.damaged.length > 0) await writeManifest(folder, manifest)
  return summary
}

async function checkFile(folder: string, path: string, size: number, crc64: string): Promise<string | undefined> {
  try {
    const file = await pathInside(folder, path)
    const stat = await fs.lstat(file)
    if (!stat.isFile()) return 'not a regular file: not read'
    if (stat.size !== size) return `${stat.size} bytes, the backup downloaded ${size}`
    return (await fileCrc64(file)) === crc64 ? undefined : 'same size, other bytes (CRC-64 differs): the file was changed or the disk damaged it'
  } catch (error) {
    if (error instanceof PluginError) return messageOf(error)
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`
  }
}

export function formatVerifySummary(summary: VerifySummary): string[] {
  return [
    `${PLUGIN_ID}: verified ${printable(summary.folder)}: ${summary.checked} files checked, ${summary.intact} intact, ${summary.damaged.length} missing or damaged` +
      (summary.damaged.length > 0 ? ' (run the backup again to download them anew)' : ''),
    ...summary.damaged.map(({ key, reason }) => `  damaged: ${printable(key)}: ${printable(reason)}`)
  ]
}
