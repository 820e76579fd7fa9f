import { PluginError, printable } from '../errors'

export const MAX_KEY_BYTES = 1023
const MAX_NAME_BYTES = 200
// Characters that break URLs, Markdown or file systems; spaces too, so Typora never sees a raw space.
const HOSTILE = /[\s#?%&+=/\\:*"'<>|`^{}[\]~;,!@$]+/gu
// C0, DEL and C1 (U+0085 is a line break to some terminals and editors): stripped from names, refused in keys.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g

/** A file's base name made safe for a key: Chinese and other letters stay, URL-hostile runs become "-". */
export function sanitiseName(fileName: string): string {
  return cleanSegment(fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '')) || 'image'
}

/**
 * The name PicGo hands over, with the folders a rename plugin (picgo-plugin-rename-file, PicGo's rename) put in it:
 * "notes/2024/05/x-fa2c97.png" → "notes/2024/05/x-fa2c97". Each folder is made safe as a name is; "", ".", ".."
 * and drive ("C:") folders are dropped, so the name can never climb out of "path".
 */
export function sanitiseNameWithFolders(fileName: string): string {
  return [...safeFolders(fileName.split(/[\\/]/).slice(0, -1)), sanitiseName(fileName)].join('/')
}

/** The folders of a local file's path, each made safe for a key: "/home/me/notes/a.png" → ["home", "me", "notes"]. */
export function localFoldersOf(localPath: string): string[] {
  return safeFolders(localPath.split(/[\\/]/).slice(0, -1))
}

function safeFolders(folders: readonly string[]): string[] {
  return folders
    .filter((f) => f !== '.' && f !== '..' && !/^[A-Za-z]:$/.test(f))
    .map(cleanSegment)
    .filter((f) => f !== '')
}

function cleanSegment(text: string): string {
  const cleaned = text
    .replace(HOSTILE, '-')
    .replace(CONTROL, '')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
  return truncateUtf8(cleaned, MAX_NAME_BYTES)
}

/** Why a key cannot be sent as it stands; `kind` 'length' when a shorter key would do. */
export interface KeyFault {
  /** Words that follow "the key": 'is 1030 bytes long; OSS allows 1023'. */
  reason: string
  kind: 'length' | 'form'
}

/**
 * The one rule for a key the plugin sends (the uploader's keys, restore's keys): not empty, no leading "/" or "\",
 * no "." or ".." segment (ali-oss resolves those, so another key would be written), valid UTF-8, no control
 * character (the uploader strips them from names: a link, a log line or an XML listing cannot carry one safely),
 * and at most 1023 bytes in UTF-8, as OSS allows. Undefined when the key may be sent as itself.
 */
export function keyFaultOf(key: string): KeyFault | undefined {
  const form = (reason: string): KeyFault => ({ reason, kind: 'form' })
  if (key === '') return form('is empty')
  if (/^[\\/]/.test(key)) return form('starts with "/" or "\\", which OSS refuses')
  if (key.split('/').some((segment) => segment === '.' || segment === '..')) return form('has a "." or ".." segment, which ali-oss resolves before sending')
  if (Buffer.from(key, 'utf8').toString('utf8') !== key) return form('is not valid UTF-8 (it holds a lone surrogate)')
  const control = new RegExp(CONTROL.source).exec(key)
  if (control !== null)
    return form(`holds the control character U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}, which the plugin never sends in a key`)
  const bytes = Buffer.byteLength(key)
  if (bytes > MAX_KEY_BYTES) return { reason: `is ${bytes} bytes long; OSS allows ${MAX_KEY_BYTES}`, kind: 'length' }
  return undefined
}

/**
 * A rendered key made into one the uploader sends: "\\" becomes "/", control characters, leading "/" and repeated
 * "/" go; then it must pass keyFaultOf and hold no empty segment. `longest`: the setting that rendered most of it,
 * named when the key is too long.
 */
export function toObjectKey(rendered: string, longest = 'path'): string {
  const key = rendered
    .replace(/\\/g, '/')
    .replace(CONTROL, '')
    .replace(/^\/+/, '')
    .replace(/\/{2,}/g, '/')
  const emptySegment: KeyFault | undefined = key.split('/').includes('')
    ? { reason: 'has an empty segment (a part of the template rendered empty)', kind: 'form' }
    : undefined
  const fault = keyFaultOf(key) ?? emptySegment
  if (fault?.kind === 'length') throw new PluginError(`Object key ${fault.reason}. Shorten "${longest}"`, { setting: longest })
  if (fault !== undefined) throw new PluginError(`Object key "${printable(key)}" is not valid: it ${fault.reason}`)
  return key
}

/** "img/a.png" → "img/a-1.png": the next name to try when a key holds other content. */
export function withSuffix(key: string, n: number): string {
  const slash = key.lastIndexOf('/')
  const dot = key.lastIndexOf('.')
  return dot > slash + 1 ? `${key.slice(0, dot)}-${n}${key.slice(dot)}` : `${key}-${n}`
}

function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text
  let out = ''
  for (const ch of text) {
    if (Buffer.byteLength(out + ch) > maxBytes) break
    out += ch
  }
  return out.replace(/[-.]+$/, '')
}
