// The compression time of a set of files with the plugin's own compression stage: the stage list the
// uploader builds from the same settings, with the uploader's parallelism. The modules are loaded
// from dist/, the very build the linked plugin runs in the picgo child.
//
// Timed in a fresh Node process of its own, as the picgo process is fresh: a long-lived process that
// has compressed before has its heap already grown, and there the same encodes took 5-8 % less CPU
// (no page faults for hundreds of MB), which made the yardstick shorter than compression can be in
// picgo. The clock runs from the first encode to the last, after the files are read (PicGo reads
// them in both uploaders' runs) and the modules loaded.
import { readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { basename, join } from 'node:path'
import { REPO_ROOT } from '../tools/picgo-home'
import { printJsonResult, runJsonScript } from './child-script'
import type { CorpusFile } from './corpus'

const fromDist = <T>(module: string): T => require(join(REPO_ROOT, 'dist', module)) as T
const { resolveSettings } = fromDist<typeof import('../src/settings/config')>('config')
const { stagesFor } = fromDist<typeof import('../src/transformers')>('transformers')
const { toStageImage } = fromDist<typeof import('../src/uploader/input')>('uploader/input')
const { DEFAULTS } = fromDist<typeof import('../src/settings/config')>('config')
const { createLimit } = fromDist<typeof import('../src/concurrency/limit')>('concurrency/limit')

export interface CompressTiming {
  /** Wall time for all files, `concurrency` at a time, as the uploader runs them. */
  wallMs: number
  /** Sum of the per-file times. */
  sumMs: number
  /** CPU time (user + sys, all threads) this process spent compressing. */
  cpuMs: number
  concurrency: number
  inputBytes: number
  outputBytes: number
  /** The benchmark round it was timed in. */
  round?: number
  /** Set on a median of several timings: the fastest and slowest wall time. */
  wallMsRange?: [number, number]
}

export type CompressAvailability = { available: true } | { available: false; reason: string }

/** Whether the plugin built from this tree has its compression stage (src/transformers/compress/). */
export function compressAvailability(settings: Record<string, unknown>): CompressAvailability {
  const { warning } = stagesFor(resolveSettings(settings))
  return warning === undefined ? { available: true } : { available: false, reason: warning }
}

/** timeCompression() in a fresh Node process of its own (this file as a script). */
export async function timeCompressionInOwnProcess(
  files: readonly CorpusFile[],
  settings: Record<string, unknown>,
  concurrency = Math.max(1, availableParallelism())
): Promise<CompressTiming> {
  const args = [JSON.stringify(settings), String(concurrency), ...files.map((file) => file.path)]
  return runJsonScript<CompressTiming>(__filename, args, 'timing the compression')
}

/** Runs only the compression stage (the second of the plugin's stages, after the SVG policy) over every file, `concurrency` at a time. */
export async function timeCompression(
  files: ReadonlyArray<Pick<CorpusFile, 'path' | 'name'>>,
  settings: Record<string, unknown>,
  concurrency = Math.max(1, availableParallelism())
): Promise<CompressTiming> {
  const { stages, compressing, warning } = stagesFor(resolveSettings(settings))
  // stages: the SVG policy, then compress (when it runs); the naming comes after them
  const compress = compressing ? stages[1] : undefined
  if (warning !== undefined || compress === undefined) {
    throw new Error(`[bench] The plugin has no compression stage to time: ${warning ?? 'compression is off'}`)
  }
  const gate = createLimit(concurrency)
  const inputs = files.map((file) => ({ file, buffer: readFileSync(file.path) }))
  let sumMs = 0
  let outputBytes = 0
  const cpuBefore = process.cpuUsage()
  const started = process.hrtime.bigint()
  await Promise.all(
    inputs.map(({ file, buffer }) =>
      gate(async () => {
        const fileStarted = process.hrtime.bigint()
        const output = await compress(toStageImage({ buffer, fileName: file.name, extname: '' }, { ...DEFAULTS, accessKeySecret: '' }))
        sumMs += Number(process.hrtime.bigint() - fileStarted) / 1e6
        outputBytes += output.buffer.length
      })
    )
  )
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6
  const cpu = process.cpuUsage(cpuBefore)
  const inputBytes = inputs.reduce((sum, { buffer }) => sum + buffer.length, 0)
  return { wallMs, sumMs, cpuMs: (cpu.user + cpu.system) / 1000, concurrency, inputBytes, outputBytes }
}

if (require.main === module) {
  const [settings = '{}', concurrency = '1', ...paths] = process.argv.slice(2)
  const files = paths.map((path) => ({ path, name: basename(path) }))
  printJsonResult(timeCompression(files, JSON.parse(settings) as Record<string, unknown>, Number(concurrency)))
}
