import type { Settings } from '../../settings/config'
import { invalidSetting } from '../../errors'
import { keyFaultOf } from '../../naming/object-key'
import { concurrencyOption } from '../shared/concurrency'

export const DEFAULT_CONCURRENCY = 4

/** `--concurrency`: downloads (or uploads) at once. */
export const parseConcurrency = concurrencyOption(DEFAULT_CONCURRENCY, 16)

/**
 * What to back up: `--all` the whole bucket, `--prefix` that prefix, otherwise the uploader's "path" up to its
 * first placeholder ("img/{year}/" backs up "img/"), so every object this uploader stored is included.
 */
export function backupPrefix(settings: Pick<Settings, 'path'>, options: { prefix?: unknown; all?: unknown }): string {
  if (options.all === true) {
    if (options.prefix !== undefined) throw invalidSetting('--prefix', 'no prefix together with --all', String(options.prefix))
    return ''
  }
  if (options.prefix !== undefined) return String(options.prefix).replace(/^\/+/, '')
  const placeholder = settings.path.indexOf('{')
  return placeholder < 0 ? settings.path : settings.path.slice(0, placeholder)
}

/** `--to-prefix` of restore: "" keeps every key as it was; otherwise a start of a key the uploader's rule takes. */
export function restorePrefix(value: unknown): string {
  if (value === undefined) return ''
  const prefix = String(value).replace(/^\/+/, '')
  const fault = prefix === '' ? undefined : keyFaultOf(prefix)
  if (fault !== undefined) throw invalidSetting('--to-prefix', `a key prefix OSS takes as itself (this one ${fault.reason})`, String(value))
  return prefix
}
