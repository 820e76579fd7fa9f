import { createHash } from 'crypto'

/** Our own folder inside a backup: hashed names and temporary downloads. Keys never map into it. */
export const BACKUP_DIR = '.aliyun-oss-plus-backup'
export const MANIFEST_NAME = '.aliyun-oss-plus-backup.json'
export const HASHED_DIR = `${BACKUP_DIR}/hashed`

/** Longest file or folder name (ext4, APFS: 255 bytes; NTFS: 255 UTF-16 units, never fewer than 255 UTF-8 bytes). */
const MAX_NAME_BYTES = 255
/** Longest relative path we create: far below Linux's 4,096 bytes, and Node lifts Windows' 260 with \\?\. */
const MAX_PATH_BYTES = 1024
// Characters no Windows file name may hold, "%" (our escape) and control characters: written as %XX.
const UNSAFE_CHARACTERS = /[%<>:"\\|?*\u0000-\u001f\u007f]/g
const DEVICE_NAME = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\.|$)/i
const SANE_EXTENSION = /\.[A-Za-z0-9]{1,10}$/

export type LocalPath = { kind: 'file'; path: string; note?: string } | { kind: 'skip'; reason: string }

/**
 * Where an object key lives under the backup folder: a relative POSIX path, the same on every system, so a
 * backup copied from Linux to Windows still matches its manifest. Most keys map to themselves. Characters
 * Windows forbids and "%" become %XX, device names (CON.png) and names ending in "." or " " get one
 * character escaped the same way, so different keys never share a path. Names too long for a file system,
 * empty segments ("a//b") and keys reaching into our own folder get a name hashed from the key; the
 * manifest records every path. Keys with "." or ".." segments are skipped: ali-oss resolves those
 * segments before sending, so it would fetch another key, and on disk they would point outside the folder.
 */
export function localPathOf(key: string): LocalPath {
  if (key === '') return { kind: 'skip', reason: 'the key is empty' }
  if (key.endsWith('/')) return { kind: 'skip', reason: 'the key ends with "/": a folder marker, not a file' }
  if (key.startsWith('/')) return { kind: 'skip', reason: 'the key starts with "/", which ali-oss strips: it would fetch another key' }
  const segments = key.split('/')
  if (segments.some((segment) => segment === '.' || segment === '..')) {
    return {
      kind: 'skip',
      reason:
        'the key has a "." or ".." segment, which ali-oss resolves before sending: it cannot be fetched as itself, and on disk it would point outside the backup folder'
    }
  }
  if (segments.some((segment) => segment === '')) return hashed(key, 'the key has an empty segment ("//")')
  const first = (segments[0] ?? '').toLowerCase()
  if (first === BACKUP_DIR || first === MANIFEST_NAME) return hashed(key, `the key's first segment is the backup's own "${segments[0]}"`)

  const escaped = segments.map(escapeSegment)
  if (escaped.some((segment) => Buffer.byteLength(segment) > MAX_NAME_BYTES)) return hashed(key, `a name in the key is longer than ${MAX_NAME_BYTES} bytes`)
  const path = escaped.join('/')
  if (Buffer.byteLength(path) > MAX_PATH_BYTES) return hashed(key, `the key is longer than ${MAX_PATH_BYTES} bytes as a path`)
  return path === key ? { kind: 'file', path } : { kind: 'file', path, note: 'characters no file system accepts everywhere are written as %XX' }
}

/** The hashed place of a key: under our own folder, keeping a plain extension so the file still opens. */
export function hashedPathOf(key: string): string {
  const hash = createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 40)
  const extension = SANE_EXTENSION.exec(key)?.[0] ?? ''
  return `${HASHED_DIR}/${hash}${extension.toLowerCase()}`
}

function hashed(key: string, why: string): LocalPath {
  return { kind: 'file', path: hashedPathOf(key), note: `${why}: stored under a name hashed from the key` }
}

function escapeSegment(segment: string): string {
  let out = segment.replace(UNSAFE_CHARACTERS, percentOf)
  if (DEVICE_NAME.test(out)) out = percentOf(out.charAt(0)) + out.slice(1)
  if (/[. ]$/.test(out)) out = out.slice(0, -1) + percentOf(out.slice(-1))
  return out
}

function percentOf(character: string): string {
  return `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`
}

/**
 * A path read from a manifest or journal is trusted only when it is one the backup itself gives that key: the key's
 * own mapped path, or its hashed path (given on a clash). Anything else was edited by hand or by someone else.
 * A leading "/" is stripped first, as ali-oss and the uploader strip it.
 */
export function isDerivedPath(key: string, path: string): boolean {
  const mapped = localPathOf(key.replace(/^\/+/, ''))
  return (mapped.kind === 'file' && mapped.path === path) || path === hashedPathOf(key)
}
