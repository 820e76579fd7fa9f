import { invalidSetting } from '../../errors'

/** The parser of a command's `--concurrency`: an integer from 1 to max, `fallback` when the flag is not given. */
export function concurrencyOption(fallback: number, max: number): (value: unknown) => number {
  return (value) => {
    if (value === undefined) return fallback
    const parsed = Number(value)
    if (!Number.isInteger(parsed) || parsed < 1 || parsed > max) {
      throw invalidSetting('--concurrency', `an integer between 1 and ${max}`, String(value))
    }
    return parsed
  }
}
