import { existsSync, statSync } from 'fs'
import { dirname, isAbsolute, resolve } from 'path'
import { fileURLToPath } from 'url'
import { networkShareOf } from './network-share'

/** What a link target points at, once resolved against its Markdown file. */
export type Target =
  | { kind: 'local'; path: string }
  | { kind: 'remote'; url: string }
  /** Not ours to migrate (already on OSS, excluded, remote without --include-remote, a data: URI): left as it is. */
  | { kind: 'skip'; reason: string }
  /** Meant to be an image we migrate, but it cannot be: a failure the summary names. */
  | { kind: 'missing'; reason: string }

export interface TargetRules {
  /** Public URL prefixes of this uploader: links under them are already migrated. */
  ownBases: readonly string[]
  exclude: readonly string[]
  includeRemote: boolean
}

/** The reason a link already migrated is skipped for. */
export const ALREADY_ON_OSS = 'already on OSS'
const REMOTE = /^(https?:)?\/\//i
const SCHEME = /^[a-z][a-z\d+.-]*:/i
const WINDOWS_DRIVE = /^[a-z]:[\\/]/i

/**
 * Resolves a decoded link target of `markdownFile`: relative paths against the file's folder, "/…" against Typora's
 * typora-root-url when the file sets one, `file://` URLs and absolute paths as they are. A target written with `%20`
 * escapes or Windows separators is tried that way too; the first candidate that is a file wins.
 */
export function resolveTarget(target: string, markdownFile: string, rules: TargetRules, rootUrl?: string): Target {
  const written = target.trim()
  if (written === '') return { kind: 'skip', reason: 'empty target' }
  const share = networkShareOf(written)
  if (share !== undefined && !rules.includeRemote)
    return { kind: 'skip', reason: `on another machine's share (${share}): read over the network only with --include-remote` }
  if (REMOTE.test(written)) return remoteTarget(written.startsWith('//') ? `https:${written}` : written, rules)
  if (/^file:/i.test(written)) {
    try {
      return localTarget([fileURLToPath(written)], written)
    } catch {
      return { kind: 'missing', reason: `not a file URL this system can open: ${written}` }
    }
  }
  if (SCHEME.test(written) && !WINDOWS_DRIVE.test(written)) return { kind: 'skip', reason: `not a file (${written.slice(0, written.indexOf(':') + 1)} link)` }
  const folder = dirname(markdownFile)
  const root = rootUrl === undefined ? undefined : resolve(folder, rootUrl.startsWith('file:') ? fileURLToPath(rootUrl) : rootUrl)
  const place = (path: string): string => {
    if (root !== undefined && path.startsWith('/')) return resolve(root, `.${path}`)
    return isAbsolute(path) ? path : resolve(folder, path)
  }
  return localTarget(spellings(written).map(place), written)
}

function remoteTarget(url: string, rules: TargetRules): Target {
  if (rules.ownBases.some((base) => url.startsWith(base))) return { kind: 'skip', reason: ALREADY_ON_OSS }
  if (rules.exclude.some((prefix) => url.startsWith(prefix))) return { kind: 'skip', reason: 'excluded by --exclude' }
  if (!rules.includeRemote) return { kind: 'skip', reason: 'remote (migrated only with --include-remote)' }
  return { kind: 'remote', url }
}

function localTarget(candidates: readonly string[], written: string): Target {
  for (const path of candidates) {
    if (!existsSync(path)) continue
    if (statSync(path).isFile()) return { kind: 'local', path }
    return { kind: 'missing', reason: `not a file: ${path}` }
  }
  return { kind: 'missing', reason: `file not found: ${candidates[0] ?? written}` }
}

/** The ways a path may have been written: as is, %-decoded, with "\" separators, without "?query" or "#fragment". */
function spellings(written: string): string[] {
  const out = [written]
  const add = (value: string): void => {
    if (!out.includes(value)) out.push(value)
  }
  try {
    add(decodeURIComponent(written))
  } catch {
    // A lone "%" is a literal percent sign.
  }
  for (const value of [...out]) add(value.replace(/\\/g, '/'))
  for (const value of [...out]) add(value.replace(/[?#].*$/, ''))
  return out.filter(Boolean)
}
