import { PLUGIN_ID } from '../plugin-id'
const PREFIX = `[${PLUGIN_ID}]`

export interface PluginErrorDetails {
  /** The setting at fault, for configuration errors. */
  setting?: string
  /** The user's file name, for per-image errors. */
  file?: string
  /** OSS error code ("SignatureDoesNotMatch") or Node network code ("ECONNRESET"). */
  code?: string
  status?: number
  requestId?: string
  /** Worth trying again: network trouble, 5xx, throttling. */
  retryable?: boolean
  cause?: unknown
}

/** The one error type the plugin throws. Its message never holds a secret. */
export class PluginError extends Error {
  readonly setting?: string
  readonly file?: string
  readonly code?: string
  readonly status?: number
  readonly requestId?: string
  readonly retryable: boolean

  constructor(message: string, details: PluginErrorDetails = {}) {
    super(`${PREFIX} ${message}`, details.cause === undefined ? undefined : { cause: details.cause })
    this.name = 'AliyunOssPlusError'
    this.setting = details.setting
    this.file = details.file
    this.code = details.code
    this.status = details.status
    this.requestId = details.requestId
    this.retryable = details.retryable ?? false
  }
}

/** An error's message (or any thrown value) without the "[aliyun-oss-plus] " prefix, to quote in another message. */
export function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(`${PREFIX} `, '')
}

/** The first line of an error's message, without a dangling colon: the reason to quote in one sentence. */
export function reasonOf(error: unknown): string {
  return messageOf(error).split('\n')[0]!.replace(/:\s*$/, '').trim() || 'unknown error'
}

export const missingSetting = (setting: string): PluginError => new PluginError(`Missing required setting "${setting}"`, { setting })

/** `Expected <what> for "<setting>" but received <value>`; secret values are never shown. */
export function invalidSetting(setting: string, expected: string, received: unknown, secret = false): PluginError {
  const shown = secret ? '(hidden)' : describeValue(received)
  return new PluginError(`Expected ${expected} for "${setting}" but received ${shown}`, { setting })
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return `"${value}"`
  return `${String(value)} of type ${typeof value}`
}

/** Control characters, line separators and bidirectional overrides: what could forge or hide a line on a terminal. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

/**
 * A file name (or any outside text) made safe to print: "a\nb" → "a\\nb", ESC → "\\x1b", so a name can neither
 * forge a log or "[PicGo SUCCESS]" line nor send terminal escape sequences.
 */
export function printable(name: string): string {
  return name.replace(UNPRINTABLE, (c) => {
    if (c === '\n') return '\\n'
    if (c === '\r') return '\\r'
    if (c === '\t') return '\\t'
    const code = c.charCodeAt(0)
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
  })
}
