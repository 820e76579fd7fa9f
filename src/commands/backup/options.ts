import type { Settings } from '../../config'
import { invalidSetting } from '../../errors'
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

/** `--to-prefix` of restore: "" keeps every key as it was. */
export function restorePrefix(value: unknown): string {
  if (value === undefined) return ''
  const prefix = String(value).replace(/^\/+/, '')
  if (prefix.split('/').some((segment) => segment === '.' || segment === '..')) {
    throw invalidSetting('--to-prefix', 'a key prefix without "." or ".." segments', String(value))
  }
  return prefix
}
