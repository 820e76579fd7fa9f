// The benchmark's child scripts (compress-time.ts, raw-sharp-loop.ts) run in fresh Node processes, so
// what they measure starts from nothing, as the picgo process does. Each prints its result as one
// JSON line.
import { REPO_ROOT, runProcess } from '../tools/picgo-home'

/** Runs `script` (a built .js file) with `args` and returns the JSON of its last line of output. */
export async function runJsonScript<T>(script: string, args: readonly string[], what: string): Promise<T> {
  const { code, stdout, stderr } = await runProcess(process.execPath, [script, ...args], REPO_ROOT, process.env)
  if (code !== 0) throw new Error(`[bench] ${what} failed (exit ${code}): ${stderr.slice(-500)}`)
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as T
}

/** The child's side: prints the result as one JSON line, or the error and exit code 1. */
export function printJsonResult(work: Promise<unknown>): void {
  work
    .then((result) => console.log(JSON.stringify(result)))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error)
      process.exit(1)
    })
}
