import { resolve } from 'path'
import { invalidSetting } from '../../errors'
import { concurrencyOption } from '../shared/concurrency'
import type { OutputMode } from './write-output'

export const DEFAULT_CONCURRENCY = 8

/** The flags of `picgo aliyun-oss-plus migrate`, as commander hands them over. */
export interface MigrateFlags {
  dryRun?: boolean
  includeRemote?: boolean
  exclude?: string[]
  out?: string
  inPlace?: boolean
  /** commander's `--no-backup`: false when given. */
  backup?: boolean
  concurrency?: string
  originals?: boolean
}

/** `--concurrency`: distinct images loaded and settled at once. */
export const parseConcurrency = concurrencyOption(DEFAULT_CONCURRENCY, 32)

/** `--out <folder>`, `--in-place` (with `--no-backup`), or by default `<name>.migrated.md` beside each note. */
export function outputModeOf(flags: Pick<MigrateFlags, 'out' | 'inPlace' | 'backup'>): OutputMode {
  if (flags.inPlace === true && flags.out !== undefined) throw invalidSetting('--out', 'no folder together with --in-place', flags.out)
  if (flags.inPlace === true) return { kind: 'in-place', backup: flags.backup !== false }
  if (flags.out !== undefined) return { kind: 'folder', folder: resolve(flags.out) }
  return { kind: 'beside' }
}

/** `--exclude <url-prefix>`: each must be an http(s) URL prefix. */
export function parseExcludes(values: readonly string[] | undefined): string[] {
  return (values ?? []).map((value) => {
    if (!/^https?:\/\/./i.test(value)) throw invalidSetting('--exclude', 'a URL prefix starting with http:// or https://', value)
    return value
  })
}
