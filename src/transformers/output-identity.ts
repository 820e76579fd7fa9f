import { createHash } from 'crypto'

/**
 * Everything that decides the bytes the stages make from an input, as one string: the stages' own options, keys
 * sorted, functions left out and bytes (a watermark image) as their SHA-256. It is the known-images fingerprint, so an
 * option added to a stage changes it with no list to keep beside the options.
 */
export function outputIdentity(stageOptions: Record<string, unknown>): string {
  return JSON.stringify(canonical(stageOptions))
}

function canonical(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return `sha256:${createHash('sha256').update(value).digest('hex')}`
  if (Array.isArray(value)) return value.map(canonical)
  if (typeof value !== 'object' || value === null) return value
  const entries = Object.entries(value)
    .filter(([, field]) => field !== undefined && typeof field !== 'function')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return Object.fromEntries(entries.map(([key, field]) => [key, canonical(field)]))
}
