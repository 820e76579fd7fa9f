// `npm run bench [corpusDir] [--pairs N] [--quick]`: PicGo's built-in `aliyun` uploader against this
// plugin, both through the real `picgo` CLI, uploading the same images to the local OSS server
// running in its own process. Writes bench/results/e2e.md, e2e.svg and e2e.json.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { REPO_ROOT } from '../tools/picgo-home'
import { renderChart, type ChartBar, type ChartRow } from './chart'
import { runJsonScript } from './child-script'
import { compressAvailability, type CompressTiming, timeCompressionInOwnProcess } from './compress-time'
import { type CorpusFile, makePhoneBatch, quickSubset, readCorpus, writeTinyImage } from './corpus'
import { waitForQuietMachine } from './machine-load'
import { median, pairedWalls, type RunRecord, type SideSummary, SIDES, summarise, type Workload } from './measurements'
import { parseBenchArgs } from './options'
import { BENCH_ACCESS, startOssProcess } from './oss-process'
import { builtInAliyunHome, pluginHome, pluginSettings } from './picgo-homes'
import { compareWithOriginals, fetchStored, type StoredObject } from './quality'
import { renderReport, type WorkloadInfo } from './report'
import { type AfterPluginUpload, runRound } from './rounds'
import type { RawLoopResult } from './raw-sharp-loop'
import { judgeTargets } from './targets'

/** Photos of the phone batch uploaded in the warm-up round. */
const WARM_UP_BATCH = 3
/** Rounds that also time compression alone (it takes about as long as a plugin upload). */
const COMPRESS_TIMINGS = 3

async function main(): Promise<void> {
  const options = parseBenchArgs(process.argv.slice(2))
  const started = Date.now()
  const log = (line: string): void => console.log(line)
  const allFiles = await readCorpus(options.corpusDir)
  const corpus = options.quick ? quickSubset(allFiles) : allFiles
  const work = mkdtempSync(join(tmpdir(), 'picgo-bench-'))
  const server = await startOssProcess(BENCH_ACCESS)
  try {
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

    // Warm-up: every file read once (page cache), then one round of every side on the quick subset.
    for (const file of [...corpus, ...(batch?.files ?? [])]) readFileSync(file.path)
    const records: RunRecord[] = []
    const compressTimes: Record<'corpus' | 'phone batch', CompressTiming[]> = { corpus: [], 'phone batch': [] }
    const batchOneByOne: CompressTiming[] = []
    const rawLoops: Record<'corpus' | 'phone batch', RawLoopResult[]> = { corpus: [], 'phone batch': [] }
    let stored: StoredObject[] = []
    for (let round = 0; round <= options.pairs; round++) {
      const warmUp = round === 0
      const roundFiles = {
        corpus: warmUp ? quickSubset(corpus) : corpus,
        'phone batch': warmUp ? batch?.files.slice(0, WARM_UP_BATCH) : batch?.files
      }
      // Right after each plugin upload: keep what it stored (last round), and time the compression
      // of the same files in a process of its own, paired with the uploads of this round.
      const afterPluginUpload: AfterPluginUpload = async (workload, urls) => {
        if (workload === 'corpus' && round === options.pairs) stored = await fetchStored(corpus, urls)
        const files = workload === 'corpus' ? roundFiles.corpus : roundFiles['phone batch']
        if (warmUp || round > COMPRESS_TIMINGS || !compression.available || !files || workload === 'tiny image') return
        await waitForQuietMachine()
        const timing = { ...(await timeCompressionInOwnProcess(files, settings)), round }
        compressTimes[workload].push(timing)
        log(`round ${round} ${workload} compression alone, own process: ${seconds(timing.wallMs)} wall, ${seconds(timing.cpuMs)} CPU`)
        const raw = await runRawSharpLoop(files)
        rawLoops[workload].push(raw)
        log(`round ${round} ${workload} bare sharp loop, own process: ${seconds(raw.wallMs)} wall, peak RSS ${mb(raw.maxRssBytes)}`)
        if (workload !== 'phone batch') return
        // The same photos one by one: what the uploader's parallel compression gains on this machine.
        const oneByOne = { ...(await timeCompressionInOwnProcess(files, settings, 1)), round }
        batchOneByOne.push(oneByOne)
        log(`round ${round} phone batch compression one by one: ${seconds(oneByOne.wallMs)} wall`)
      }
      const output = await runRound({
        server, builtIn, plugin, tiny, log, corpus: roundFiles.corpus, batch: roundFiles['phone batch']
      }, round, afterPluginUpload)
      records.push(...output.records)
    }
    log('Comparing stored objects with the originals (SSIM)…')
    const quality = await compareWithOriginals(stored)

    const summaries = (['tiny image', 'corpus', 'phone batch'] as Workload[]).flatMap((workload) =>
      SIDES.map((side) => summarise(records, workload, side)).filter((s): s is SideSummary => s !== undefined))
    const pick = (workload: Workload, side: SideSummary['side']): SideSummary => {
      const found = summaries.find((s) => s.workload === workload && s.side === side)
      if (!found) throw new Error(`[bench] No measured ${side} run of the ${workload}.`)
      return found
    }
    const compress = compression.available
      ? { corpus: medianTiming(compressTimes.corpus), 'phone batch': batch ? medianTiming(compressTimes['phone batch']) : undefined }
      : undefined
    const rawLoop = {
      corpus: medianRawLoop(rawLoops.corpus),
      'phone batch': medianRawLoop(rawLoops['phone batch'])
    }
    const walls = {
      corpus: pairedWalls(records, compressTimes.corpus, 'corpus', compression.available),
      'phone batch': batch ? pairedWalls(records, compressTimes['phone batch'], 'phone batch', compression.available) : undefined
    }
    const baseline = { plugin: pick('tiny image', 'plugin'), builtIn: pick('tiny image', 'built-in') }
    const targets = judgeTargets({
      corpus: { builtIn: pick('corpus', 'built-in'), plugin: pick('corpus', 'plugin'), pluginAgain: pick('corpus', 'plugin again'), largestPixels: largest(corpus).pixels },
      batch: batch ? { builtIn: pick('phone batch', 'built-in'), plugin: pick('phone batch', 'plugin'), largestPixels: largest(batch.files).pixels } : undefined,
      walls: { corpus: walls.corpus, batch: walls['phone batch'] },
      batchParallelism: batchOneByOne.map((sequential, index) => ({ sequential, parallel: compressTimes['phone batch'][index] })),
      baselineRssBytes: baseline.plugin.maxRssBytes,
      rawLoopRssBytes: { corpus: rawLoop.corpus?.maxRssBytes, batch: rawLoop['phone batch']?.maxRssBytes },
      quality
    })

    const workloads: WorkloadInfo[] = [info('corpus', corpus)]
    if (batch) workloads.push({ ...info('phone batch', batch.files), note: `${batch.note}. Sources: ${batch.sources.join(', ')}.` })
    const benchSeconds = (Date.now() - started) / 1000
    const chartFile = `${options.resultsName}.svg`
    mkdirSync(options.resultsDir, { recursive: true })
    writeFileSync(join(options.resultsDir, `${options.resultsName}.md`), renderReport({
      date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      chartFile,
      environment: environment(),
      cores: availableParallelism(),
      command: [
        process.env.BENCH_PLUGIN_QUALITY ? `BENCH_PLUGIN_QUALITY=${process.env.BENCH_PLUGIN_QUALITY}` : '',
        process.env.BENCH_QUIET_WAIT_S ? `BENCH_QUIET_WAIT_S=${process.env.BENCH_QUIET_WAIT_S}` : '',
        `npm run bench ${[options.corpusDir, options.quick ? '--quick' : '', `--pairs ${options.pairs}`].filter(Boolean).join(' ')}`
      ].filter(Boolean).join(' ') + (process.env.BENCH_PLUGIN_QUALITY ? ` (the plugin with quality ${process.env.BENCH_PLUGIN_QUALITY}, all else default)` : ''),
      pairs: options.pairs,
      quick: options.quick,
      workloads,
      summaries,
      baseline,
      compress,
      rawLoop,
      walls,
      compressMissing: compression.available ? undefined : compression.reason,
      quality,
      targets,
      records,
      benchSeconds
    }))
    writeFileSync(join(options.resultsDir, chartFile), renderChart({
      title: 'picgo upload to a local OSS server: built-in aliyun vs aliyun-oss-plus',
      subtitle: `Medians of ${options.pairs} round${options.pairs === 1 ? '' : 's'}; ratios against the built-in uploader. ` +
        `Corpus: ${corpus.length} files, ${mb(total(corpus))}` + (batch ? `; phone batch: ${batch.files.length} photos, ${mb(total(batch.files))}.` : '.'),
      rows: chartRows(summaries, compress, corpus.length, batch?.files.length)
    }))
    writeFileSync(join(options.resultsDir, `${options.resultsName}.json`), `${JSON.stringify({ options, summaries, compress, walls, quality, targets, records }, null, 2)}\n`)

    log('')
    for (const result of targets) log(`${result.pass ? 'PASS' : 'FAIL'}  ${result.target}: ${result.measured}`)
    log(`Quality: median SSIM ${quality.medianSsim.toFixed(4)}, min ${quality.minSsim.toFixed(4)} (${quality.worst})`)
    log(`Wrote ${relative(REPO_ROOT, join(options.resultsDir, `${options.resultsName}.md`))} and ${chartFile} in ${(benchSeconds / 60).toFixed(1)} min.`)
  } finally {
    await server.stop()
    rmSync(work, { recursive: true, force: true })
  }
}

function chartRows(
  summaries: readonly SideSummary[],
  compress: Partial<Record<Workload, CompressTiming>> | undefined,
  corpusFiles: number,
  batchFiles: number | undefined
): ChartRow[] {
  const bars = (workload: Workload): ChartBar[] => summaries
    .filter((s) => s.workload === workload)
    .map((s) => ({
      side: s.side, bytes: s.bytesIn, wallMs: s.wallMs,
      compressMs: s.side === 'built-in' ? undefined : compress?.[workload]?.wallMs
    }))
  const rows = [{ title: `Corpus (${corpusFiles} files)`, bars: bars('corpus') }]
  if (batchFiles !== undefined) rows.push({ title: `Phone batch (${batchFiles} photos)`, bars: bars('phone batch') })
  return rows
}

function medianTiming(timings: readonly CompressTiming[]): CompressTiming {
  const first = timings[0]
  if (!first) throw new Error('[bench] No compression timing was measured.')
  const walls = timings.map((t) => t.wallMs)
  return {
    ...first,
    wallMs: median(walls),
    sumMs: median(timings.map((t) => t.sumMs)),
    cpuMs: median(timings.map((t) => t.cpuMs)),
    wallMsRange: [Math.min(...walls), Math.max(...walls)]
  }
}

/** Runs bench/raw-sharp-loop.ts in its own process over the files; wall time is spawn to exit, as for picgo. */
async function runRawSharpLoop(files: readonly CorpusFile[]): Promise<RawLoopResult> {
  const started = process.hrtime.bigint()
  const result = await runJsonScript<RawLoopResult>(join(__dirname, 'raw-sharp-loop.js'), files.map((f) => f.path), 'the bare sharp loop')
  return { ...result, wallMs: Number(process.hrtime.bigint() - started) / 1e6 }
}

function medianRawLoop(runs: readonly RawLoopResult[]): RawLoopResult | undefined {
  if (runs.length === 0) return undefined
  return {
    wallMs: median(runs.map((r) => r.wallMs)),
    cpuMs: median(runs.map((r) => r.cpuMs)),
    maxRssBytes: median(runs.map((r) => r.maxRssBytes))
  }
}

function info(workload: Workload, files: readonly CorpusFile[]): WorkloadInfo {
  const big = largest(files)
  return { workload, files: files.length, bytes: total(files), largest: { name: big.name, pixels: big.pixels } }
}

function largest(files: readonly CorpusFile[]): CorpusFile {
  return files.reduce((a, b) => (b.pixels > a.pixels ? b : a))
}

function environment(): string {
  const version = (name: string): string =>
    (JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version
  return `Node ${process.version}, picgo ${version('picgo')}, sharp ${version('sharp')}, ali-oss ${version('ali-oss')}; ` +
    `${availableParallelism()} × ${cpus()[0]?.model.trim() ?? 'CPU'}.`
}

const total = (files: readonly CorpusFile[]): number => files.reduce((sum, file) => sum + file.bytes, 0)
const mb = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MB`
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
