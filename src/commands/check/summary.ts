import { PLUGIN_ID } from '../../plugin-id'
import { allPassed, type CheckStep } from './probe'

/** One line per step: "✔ write: stored img/…" or "✘ signature: [GET] …: 403 SignatureDoesNotMatch …". */
export const formatStep = (s: CheckStep): string => `${s.ok ? '✔' : '✘'} ${s.step}: ${s.detail}`

export function summary(steps: readonly CheckStep[]): string {
  if (allPassed(steps)) return `${PLUGIN_ID}: connection OK, uploads will work`
  const failed = steps
    .filter((s) => !s.ok)
    .map((s) => s.step)
    .join(', ')
  return `${PLUGIN_ID}: check failed at ${failed}`
}
