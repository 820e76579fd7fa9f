import { constants, promises as fs } from 'fs'
import { join } from 'path'
import { PluginError } from '../../errors'
import { BACKUP_DIR, isDerivedPath, MANIFEST_NAME } from './local-path'
import { assertInside } from '../local-paths/inside'
import { removeFile } from '../local-paths/remove'
import { writeFileAtomically } from '../shared/atomic-write'

const JOURNAL_NAME = `${BACKUP_DIR}/journal.jsonl`
const VERSION = 1

/** What the backup holds for one key: where, and the server's evidence it was checked against. */
export interface ManifestEntry {
  /** Relative POSIX path under the backup folder. */
  path: string
  size: number
  /** The object's ETag when it was downloaded (upper-case, no quotes): a listing with another ETag means it changed. */
  etag: string
  /** CRC-64/XZ of the local file, equal to OSS's x-oss-hash-crc64ecma when it was downloaded. */
  crc64: string
  contentType?: string
  cacheControl?: string
  lastModified?: string
  /** ISO time of the download. */
  savedAt: string
  /** Why the path is not the key itself, when it is not. */
  note?: string
  /** Set by --verify when the file was missing or changed: the next backup downloads the object again. */
  damaged?: string
}

export interface Manifest {
  version: number
  bucket: string
  /** A null-prototype map: a key "__proto__" or "constructor" is a key like any other. */
  objects: Record<string, ManifestEntry>
  /** Entries whose path is not the one the backup gives their key: never read or written, and dropped on the next write. */
  untrusted: Array<{ key: string; path: string }>
}

/** An empty null-prototype map of entries. */
export const objectMap = (): Record<string, ManifestEntry> => Object.create(null) as Record<string, ManifestEntry>

/**
 * The backup's manifest, `<folder>/.aliyun-oss-plus-backup.json`, with the journal of an interrupted run
 * replayed over it: each verified download is appended to the journal as it lands, so a run stopped by
 * Ctrl-C or a crash resumes from its last download, and the whole manifest is rewritten only at the end.
 */
export async function readManifest(folder: string, bucket: string | undefined): Promise<Manifest> {
  const file = join(folder, MANIFEST_NAME)
  const manifest = parseManifest(file, await readIfPresent(file)) ?? { version: VERSION, bucket: bucket ?? '', objects: objectMap(), untrusted: [] }
  if (bucket !== undefined && manifest.bucket !== bucket) {
    throw new PluginError(`${file} is the backup of bucket "${manifest.bucket}", not of "${bucket}": choose another folder`, { file })
  }
  for (const line of (await readIfPresent(join(folder, JOURNAL_NAME))).split('\n')) {
    const record = parseJournalLine(line)
    if (record) manifest.objects[record.key] = record.entry
  }
  return withTrustedPaths(manifest)
}

/** Why an entry of the manifest or journal is not used. */
export const untrustedReason = (path: string): string =>
  `the manifest gives it the path "${path}", which is not where the backup puts this key (edited by hand?): that path is neither read nor written`

function withTrustedPaths(manifest: Manifest): Manifest {
  for (const [key, entry] of Object.entries(manifest.objects)) {
    if (isDerivedPath(key, entry.path)) continue
    manifest.untrusted.push({ key, path: entry.path })
    delete manifest.objects[key]
  }
  return manifest
}

/** Writes the manifest whole (temp file, fsync, rename) and drops the journal it now contains. */
export async function writeManifest(folder: string, manifest: Pick<Manifest, 'version' | 'bucket' | 'objects'> & { untrusted?: unknown }): Promise<void> {
  const objects = Object.fromEntries(
    Object.keys(manifest.objects)
      .sort()
      .map((key) => [key, manifest.objects[key]])
  )
  await writeFileAtomically(join(folder, MANIFEST_NAME), `${JSON.stringify({ version: VERSION, bucket: manifest.bucket, objects }, null, 1)}\n`)
  await removeFile(join(folder, JOURNAL_NAME))
}

export interface Journal {
  record(key: string, entry: ManifestEntry): Promise<void>
  close(): Promise<void>
}

/** Appends one JSON line per verified download; a line torn by a crash is ignored when replayed. */
export async function openJournal(folder: string): Promise<Journal> {
  await fs.mkdir(join(folder, BACKUP_DIR), { recursive: true })
  const file = join(folder, JOURNAL_NAME)
  await assertInside(folder, file)
  // Never through a symbolic link, even one put there after the check.
  const handle = await fs.open(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0))
  return {
    record: async (key, entry) => {
      await handle.write(`${JSON.stringify({ key, entry })}\n`)
    },
    close: () => handle.close()
  }
}

async function readIfPresent(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ''
    throw error
  }
}

function parseManifest(file: string, text: string): Manifest | undefined {
  if (text === '') return undefined
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new PluginError(`${file} is not valid JSON: restore it from a copy, or move it away to start a new backup in this folder`, { file })
  }
  const manifest = value as Partial<Manifest>
  if (typeof manifest.bucket !== 'string' || typeof manifest.objects !== 'object' || manifest.objects === null) {
    throw new PluginError(`${file} is not an aliyun-oss-plus backup manifest (no "bucket" and "objects")`, { file })
  }
  return { version: Number(manifest.version ?? VERSION), bucket: manifest.bucket, objects: Object.assign(objectMap(), manifest.objects), untrusted: [] }
}

function parseJournalLine(line: string): { key: string; entry: ManifestEntry } | undefined {
  if (line.trim() === '') return undefined
  try {
    const record = JSON.parse(line) as { key?: unknown; entry?: ManifestEntry }
    return typeof record.key === 'string' && typeof record.entry?.path === 'string' ? { key: record.key, entry: record.entry } : undefined
  } catch {
    return undefined
  }
}
