import { PluginError } from '../errors'

export const MAX_KEY_BYTES = 1023
const MAX_NAME_BYTES = 200
// Characters that break URLs, Markdown or file systems; spaces too, so Typora never sees a raw space.
const HOSTILE = /[\s#?%&+=/\\:*"'<>|`^{}[\]~;,!@$]+/gu
const CONTROL = /[\u0000-\u001f\u007f]/g

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
  return folders.filter((f) => f !== '.' && f !== '..' && !/^[A-Za-z]:$/.test(f)).map(cleanSegment).filter((f) => f !== '')
}

function cleanSegment(text: string): string {
  const cleaned = text.replace(HOSTILE, '-').replace(CONTROL, '').replace(/-{2,}/g, '-').replace(/^[-.]+|[-.]+$/g, '')
  return truncateUtf8(cleaned, MAX_NAME_BYTES)
}

/** Checks a rendered key (`longest`: the setting that rendered most of it, named when it is too long): no leading "/", no empty, "." or ".." segments, no control characters, ≤ 1023 bytes. */
export function toObjectKey(rendered: string, longest = 'path'): string {
  const key = rendered.replace(/\\/g, '/').replace(CONTROL, '').replace(/^\/+/, '').replace(/\/{2,}/g, '/')
  const segments = key.split('/')
  if (key === '' || segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw new PluginError(`Object key "${key}" is not valid: it may not be empty or hold "", "." or ".." segments`)
  }
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) {
    throw new PluginError(`Object key is ${Buffer.byteLength(key)} bytes long; OSS allows ${MAX_KEY_BYTES}. Shorten "${longest}"`, { setting: longest })
  }
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
