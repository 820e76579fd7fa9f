// `npm run bench [corpusDir] [--pairs N] [--quick]`: PicGo's built-in `aliyun` uploader against this
// plugin, both through the real `picgo` CLI, uploading the same images to the local OSS server
// running in its own process. Writes bench/results/e2e.md, e2e.svg and e2e.json.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { REPO_ROOT } from '../tools/picgo-home'
import { runJsonScript } from './child-script'
import { compressAvailability, type CompressAvailability, timeCompressionInOwnProcess } from './compress-time'
import { type CorpusFile, makePhoneBatch, type PhoneBatch, quickSubset, readCorpus, writeTinyImage } from './corpus'
import { type E2eMeasurements, mb, total, writeE2eResults } from './e2e-results'
import { waitForQuietMachine } from './machine-load'
import { parseBenchArgs, type BenchOptions } from './options'
import { BENCH_ACCESS, type OssProcess, startOssProcess } from './oss-process'
import { builtInAliyunHome, pluginHome, pluginSettings, type PicGoHome } from './picgo-homes'
import { compareWithOriginals, fetchStored } from './quality'
import type { RawLoopResult } from './raw-sharp-loop'
import { type AfterPluginUpload, runRound } from './rounds'

/** Photos of the phone batch uploaded in the warm-up round. */
const WARM_UP_BATCH = 3
/** Rounds that also time compression alone (it takes about as long as a plugin upload). */
const COMPRESS_TIMINGS = 3

const log = (line: string): void => console.log(line)

async function main(): Promise<void> {
  const options = parseBenchArgs(process.argv.slice(2))
  const started = Date.now()
  const allFiles = await readCorpus(options.corpusDir)
  const corpus = options.quick ? quickSubset(allFiles) : allFiles
  const work = mkdtempSync(join(tmpdir(), 'picgo-bench-'))
  const server = await startOssProcess(BENCH_ACCESS)
  try {
    const bench = await setUp(server, work, allFiles, corpus, options)
    const measured = await measureRounds(bench, options)
    log('Comparing stored objects with the originals (SSIM)…')
    const quality = await compareWithOriginals(measured.stored)
    const benchSeconds = (Date.now() - started) / 1000
    const targets = writeE2eResults({ options, corpus, batch: bench.batch, compression: bench.compression, measured, quality }, benchSeconds)

    log('')
    for (const result of targets) log(`${result.pass ? 'PASS' : 'FAIL'}  ${result.target}: ${result.measured}`)
    log(`Quality: median SSIM ${quality.medianSsim.toFixed(4)}, min ${quality.minSsim.toFixed(4)} (${quality.worst})`)
    log(
      `Wrote ${relative(REPO_ROOT, join(options.resultsDir, `${options.resultsName}.md`))} and ${options.resultsName}.svg in ${(benchSeconds / 60).toFixed(1)} min.`
    )
  } finally {
    await server.stop()
    rmSync(work, { recursive: true, force: true })
  }
}

interface BenchSetUp {
  server: OssProcess
  corpus: readonly CorpusFile[]
  settings: Record<string, string>
  builtIn: PicGoHome
  plugin: PicGoHome
  batch: PhoneBatch | undefined
  tiny: CorpusFile
  compression: CompressAvailability
}

/** Both PicGo homes, the phone batch and the tiny image in `work`; every file read once (page cache). */
async function setUp(
  server: OssProcess,
  work: string,
  allFiles: readonly CorpusFile[],
  corpus: readonly CorpusFile[],
  options: BenchOptions
): Promise<BenchSetUp> {
  const access = { ...BENCH_ACCESS, url: server.url }
  const settings = pluginSettings(access)
  const builtIn = builtInAliyunHome(work, access)
  const plugin = pluginHome(work, access)
  mkdirSync(join(work, 'phone-batch'))
  const batch = await makePhoneBatch(allFiles, join(work, 'phone-batch'), options.batchSize)
  const tiny = await writeTinyImage(join(work, 'tiny.png'))
  const compression = compressAvailability(settings)
  log(`Local OSS server ${server.url} (pid ${server.pid}); corpus ${options.corpusDir}: ${corpus.length} files, ${mb(total(corpus))}`)
  if (batch) log(`Phone batch: ${batch.note}`)
  if (!compression.available) log(`WARNING: the plugin has no compression stage, it uploads originals: ${compression.reason}`)
  for (const file of [...corpus, ...(batch?.files ?? [])]) readFileSync(file.path)
  return { server, corpus, settings, builtIn, plugin, batch, tiny, compression }
}

/** A warm-up round of every side on the quick subset, then `options.pairs` measured rounds. */
async function measureRounds(bench: BenchSetUp, options: BenchOptions): Promise<E2eMeasurements> {
  const { server, corpus, settings, builtIn, plugin, batch, tiny, compression } = bench
  const measured: E2eMeasurements = {
    records: [],
    compressTimes: { corpus: [], 'phone batch': [] },
    batchOneByOne: [],
    rawLoops: { corpus: [], 'phone batch': [] },
    stored: []
  }
  for (let round = 0; round <= options.pairs; round++) {
    const warmUp = round === 0
    const roundFiles = {
      corpus: warmUp ? quickSubset(corpus) : corpus,
      'phone batch': warmUp ? batch?.files.slice(0, WARM_UP_BATCH) : batch?.files
    }
    // Right after each plugin upload: keep what it stored (last round), and time the compression
    // of the same files in a process of its own, paired with the uploads of this round.
    const afterPluginUpload: AfterPluginUpload = async (workload, urls) => {
      if (workload === 'corpus' && round === options.pairs) measured.stored = await fetchStored(corpus, urls)
      const files = workload === 'corpus' ? roundFiles.corpus : roundFiles['phone batch']
      if (warmUp || round > COMPRESS_TIMINGS || !compression.available || !files || workload === 'tiny image') return
      await waitForQuietMachine()
      const timing = { ...(await timeCompressionInOwnProcess(files, settings)), round }
      measured.compressTimes[workload].push(timing)
      log(`round ${round} ${workload} compression alone, own process: ${seconds(timing.wallMs)} wall, ${seconds(timing.cpuMs)} CPU`)
      const raw = await runRawSharpLoop(files)
      measured.rawLoops[workload].push(raw)
      log(`round ${round} ${workload} bare sharp loop, own process: ${seconds(raw.wallMs)} wall, peak RSS ${mb(raw.maxRssBytes)}`)
      if (workload !== 'phone batch') return
      // The same photos one by one: what the uploader's parallel compression gains on this machine.
      const oneByOne = { ...(await timeCompressionInOwnProcess(files, settings, 1)), round }
      measured.batchOneByOne.push(oneByOne)
      log(`round ${round} phone batch compression one by one: ${seconds(oneByOne.wallMs)} wall`)
    }
    const output = await runRound(
      {
        server,
        builtIn,
        plugin,
        tiny,
        log,
        corpus: roundFiles.corpus,
        batch: roundFiles['phone batch']
      },
      round,
      afterPluginUpload
    )
    measured.records.push(...output.records)
  }
  return measured
}

/** Runs bench/raw-sharp-loop.ts in its own process over the files; wall time is spawn to exit, as for picgo. */
async function runRawSharpLoop(files: readonly CorpusFile[]): Promise<RawLoopResult> {
  const started = process.hrtime.bigint()
  const result = await runJsonScript<RawLoopResult>(
    join(__dirname, 'raw-sharp-loop.js'),
    files.map((f) => f.path),
    'the bare sharp loop'
  )
  return { ...result, wallMs: Number(process.hrtime.bigint() - started) / 1e6 }
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
