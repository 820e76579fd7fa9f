// Writes a benchmark's report into bench/results/ and prints its PASS/FAIL lines, as every benchmark ends.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { REPO_ROOT } from '../tools/picgo-home'

export function writeResults(fileName: string, report: string): void {
  mkdirSync(join(REPO_ROOT, 'bench', 'results'), { recursive: true })
  const out = join(REPO_ROOT, 'bench', 'results', fileName)
  writeFileSync(out, report)
  const verdicts = report.split('\n').filter((line) => /^(PASS|FAIL)/.test(line))
  console.log(`\n${verdicts.join('\n')}\nWrote ${relative(REPO_ROOT, out)}`)
}

/** A target's result cell in a report table. */
export const verdict = (ok: boolean): string => (ok ? '**PASS**' : '**FAIL**')
