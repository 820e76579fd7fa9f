import { randomBytes } from 'crypto'
import { PluginError, invalidSetting } from '../errors'

/**
 * Placeholders a key template may use. `{hash:N}`: N hex characters of the SHA-256; `{rand:N}`: N random hex
 * characters (as picgo-plugin-rename-file has it); `{localFolder:N}`: the last N folders of the local file's path.
 */
export const PLACEHOLDERS = [
  'hash',
  'md5',
  'sha256',
  'name',
  'ext',
  'year',
  'month',
  'day',
  'hour',
  'minute',
  'second',
  'timestamp',
  'uuid',
  'rand',
  'localFolder'
] as const
type Placeholder = (typeof PLACEHOLDERS)[number]

const CONTENT_PLACEHOLDERS: readonly Placeholder[] = ['hash', 'md5', 'sha256']
/** Placeholders whose value is the same for the same image (its bytes and its name) on every upload. */
const STABLE_PLACEHOLDERS: readonly Placeholder[] = [...CONTENT_PLACEHOLDERS, 'name', 'ext', 'localFolder']
const TOKEN = /\{([^{}]*)\}/g
const DEFAULT_HASH_LENGTH = 16
/** The N a placeholder takes: its range, and its value without one. */
const COUNTS: Partial<Record<Placeholder, { min: number; max: number; fallback: number }>> = {
  hash: { min: 6, max: 64, fallback: DEFAULT_HASH_LENGTH },
  rand: { min: 1, max: 32, fallback: 6 }, // as picgo-plugin-rename-file
  localFolder: { min: 1, max: 10, fallback: 1 }
}

export interface TemplateValues {
  sha256Hex: string
  md5Hex: string
  /** Already sanitised name, with the folders a rename plugin put in it: "notes/2024/x-fa2c97". */
  name: string
  /** Extension without the dot. */
  ext: string
  date: Date
  uuid: string
  /** N random hex characters. */
  random?: (length: number) => string
  /** Already sanitised folders of the local file, outermost first; none for the clipboard or a URL. */
  localFolders?: readonly string[]
}

interface Token {
  placeholder: Placeholder
  length?: number
}

/** Throws one clear error for an unknown placeholder, a bad `{hash:N}`, a stray brace or a `..` segment. */
export function validateKeyTemplate(setting: string, template: string): void {
  for (const match of template.matchAll(TOKEN)) parseToken(setting, match[1] ?? '')
  if (/[{}]/.test(template.replace(TOKEN, ''))) {
    throw invalidSetting(setting, 'balanced "{" and "}" around placeholders', template)
  }
  if (template.split('/').some((segment) => segment === '..' || segment === '.')) {
    throw invalidSetting(setting, 'a path without "." or ".." segments', template)
  }
}

/** True when the key changes whenever the content does, so the object at a key never changes. */
export function isContentAddressed(template: string): boolean {
  return placeholdersOf(template).some((p) => CONTENT_PLACEHOLDERS.includes(p))
}

/** True when the same image may get another key on another upload: a date, `{timestamp}` or `{uuid}`. */
export function variesPerUpload(template: string): boolean {
  return placeholdersOf(template).some((p) => !STABLE_PLACEHOLDERS.includes(p))
}

export function usesPlaceholder(template: string, placeholder: Placeholder): boolean {
  return placeholdersOf(template).includes(placeholder)
}

function placeholdersOf(template: string): Placeholder[] {
  return [...template.matchAll(TOKEN)].map((m) => parseToken('', m[1] ?? '').placeholder)
}

export function renderKeyTemplate(template: string, values: TemplateValues): string {
  return template.replace(TOKEN, (_, body: string) => valueOf(parseToken('', body), values))
}

function parseToken(setting: string, body: string): Token {
  const [name = '', lengthText] = body.split(':')
  const placeholder = PLACEHOLDERS.find((p) => p === name)
  if (placeholder === undefined) {
    const known = PLACEHOLDERS.map((p) => `{${p}}`).join(' ')
    throw new PluginError(`Unknown placeholder "{${body}}" in "${setting}"; use one of ${known} {hash:N}`, { setting })
  }
  if (lengthText === undefined) return { placeholder }
  const length = Number(lengthText)
  const range = COUNTS[placeholder]
  if (range === undefined) throw invalidSetting(setting, `{${placeholder}} without ":N" (only {hash:N}, {rand:N} and {localFolder:N} take one)`, `{${body}}`)
  if (!Number.isInteger(length) || length < range.min || length > range.max) {
    throw invalidSetting(setting, `{${placeholder}:N} with N from ${range.min} to ${range.max}`, `{${body}}`)
  }
  return { placeholder, length }
}

function valueOf(token: Token, values: TemplateValues): string {
  const pad = (n: number): string => String(n).padStart(2, '0')
  const d = values.date
  switch (token.placeholder) {
    case 'hash':
      return values.sha256Hex.slice(0, token.length ?? DEFAULT_HASH_LENGTH)
    case 'sha256':
      return values.sha256Hex
    case 'md5':
      return values.md5Hex
    case 'name':
      return values.name
    case 'ext':
      return values.ext
    case 'year':
      return String(d.getFullYear())
    case 'month':
      return pad(d.getMonth() + 1)
    case 'day':
      return pad(d.getDate())
    case 'hour':
      return pad(d.getHours())
    case 'minute':
      return pad(d.getMinutes())
    case 'second':
      return pad(d.getSeconds())
    case 'timestamp':
      return String(d.getTime())
    case 'uuid':
      return values.uuid
    case 'rand':
      return (values.random ?? randomHex)(token.length ?? 6)
    case 'localFolder':
      return (values.localFolders ?? []).slice(-(token.length ?? 1)).join('/')
  }
}

/** Fewest bytes a placeholder can render to: `{name}` at least one character, `{ext}` none (a file without one). */
const SHORTEST: Record<Placeholder, number> = {
  hash: DEFAULT_HASH_LENGTH,
  md5: 32,
  sha256: 64,
  name: 1,
  ext: 0,
  year: 4,
  month: 2,
  day: 2,
  hour: 2,
  minute: 2,
  second: 2,
  timestamp: 13,
  uuid: 36,
  rand: 6,
  localFolder: 0
}

function randomHex(length: number): string {
  return randomBytes(Math.ceil(length / 2))
    .toString('hex')
    .slice(0, length)
}

/** The UTF-8 length of the shortest key a template can render: its literal text plus each placeholder at its shortest. */
export function shortestRenderingBytes(template: string): number {
  let bytes = Buffer.byteLength(template.replace(TOKEN, ''))
  for (const match of template.matchAll(TOKEN)) {
    const token = parseToken('', match[1] ?? '')
    bytes += token.placeholder === 'localFolder' ? 0 : (token.length ?? SHORTEST[token.placeholder])
  }
  return bytes
}
