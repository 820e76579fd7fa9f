// Command line of `npm run bench [corpusDir] [--pairs N] [--quick]`.
import { join } from 'node:path'
import { REPO_ROOT } from '../tools/picgo-home'

export interface BenchOptions {
  /** Folder of images to upload: first positional argument, else bench/corpus. */
  corpusDir: string
  /** Measured rounds after the warm-up (each round runs every side once). */
  pairs: number
  /** A subset of the corpus (the two smallest files of each type) and a smaller phone batch. */
  quick: boolean
  /** Phone photos in the batch upload. */
  batchSize: number
  /** Where the results go: <resultsDir>/<resultsName>.md, .svg and .json. */
  resultsDir: string
  /** "e2e", or "e2e-quick" so a quick run never overwrites the full results. */
  resultsName: string
}

const DEFAULT_PAIRS = 3
const QUICK_PAIRS = 1
const BATCH_SIZE = 20
const QUICK_BATCH_SIZE = 6
const USAGE = 'Usage: npm run bench -- [corpusDir] [--pairs N] [--quick] (npm keeps flags given before `--` for itself)'

/**
 * `npm run bench dir --quick --pairs=5` without `--` hands the flags to npm, which passes them on
 * as npm_config_quick and npm_config_pairs: honour those too.
 */
export function parseBenchArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): BenchOptions {
  let corpusDir: string | undefined
  let pairs: number | undefined = /^[1-9]\d*$/.test(env.npm_config_pairs ?? '') ? Number(env.npm_config_pairs) : undefined
  let quick = env.npm_config_quick === 'true'
  for (let i = 0; i < argv.length; i++) {
    const [flag = '', inlineValue] = (argv[i] ?? '').split(/=(.*)/s)
    if (flag === '--quick') quick = true
    else if (flag === '--pairs') {
      const value = inlineValue ?? argv[++i]
      pairs = Number(value)
      if (!Number.isInteger(pairs) || pairs < 1) throw new Error(`[bench] Expected an integer ≥ 1 for --pairs but received ${value}. ${USAGE}`)
    } else if (flag.startsWith('--')) throw new Error(`[bench] Unknown flag ${flag}. ${USAGE}`)
    else if (corpusDir === undefined) corpusDir = flag
    else throw new Error(`[bench] Expected one corpus folder but received ${corpusDir} and ${flag}. ${USAGE}`)
  }
  return {
    corpusDir: corpusDir ?? join(REPO_ROOT, 'bench', 'corpus'),
    pairs: pairs ?? (quick ? QUICK_PAIRS : DEFAULT_PAIRS),
    quick,
    batchSize: quick ? QUICK_BATCH_SIZE : BATCH_SIZE,
    resultsDir: join(REPO_ROOT, 'bench', 'results'),
    resultsName: (quick ? 'e2e-quick' : 'e2e') + (env.BENCH_PLUGIN_QUALITY ? `-q${env.BENCH_PLUGIN_QUALITY}` : '')
  }
}
