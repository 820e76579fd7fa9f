// What `npm run bench` measured, summarised and judged (medians per side, compression alone, the bare sharp loop,
// paired walls, targets), and written as bench/results/<name>.md, .svg and .json. Measures nothing.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus } from 'node:os'
import { join } from 'node:path'
import { REPO_ROOT } from '../tools/picgo-home'
import { renderChart, type ChartBar, type ChartRow } from './chart'
import type { CompressAvailability, CompressTiming } from './compress-time'
import type { CorpusFile, PhoneBatch } from './corpus'
import { median, pairedWalls, type RunRecord, type SideSummary, SIDES, summarise, type Workload } from './measurements'
import type { BenchOptions } from './options'
import type { QualitySummary, StoredObject } from './quality'
import type { RawLoopResult } from './raw-sharp-loop'
import { renderReport, type ReportData, type WorkloadInfo } from './report'
import { judgeTargets, type TargetResult } from './targets'

/** The workloads whose compression is also timed alone. */
export type TimedWorkload = 'corpus' | 'phone batch'

/** Everything the rounds measured. */
export interface E2eMeasurements {
  records: RunRecord[]
  /** Compression alone, in its own process, paired with the rounds' uploads. */
  compressTimes: Record<TimedWorkload, CompressTiming[]>
  /** The phone batch's compression one photo at a time, per round. */
  batchOneByOne: CompressTiming[]
  rawLoops: Record<TimedWorkload, RawLoopResult[]>
  /** What the plugin stored for the corpus in the last round. */
  stored: StoredObject[]
}

export interface E2eRun {
  options: BenchOptions
  corpus: readonly CorpusFile[]
  batch: PhoneBatch | undefined
  compression: CompressAvailability
  measured: E2eMeasurements
  quality: QualitySummary
}

type Judged = Pick<ReportData, 'summaries' | 'baseline' | 'compress' | 'rawLoop' | 'walls' | 'targets'>

/** Medians per workload and side, and the targets judged on them. */
function judgeE2e(run: E2eRun): Judged {
  const { measured, corpus, batch, compression } = run
  const summaries = (['tiny image', 'corpus', 'phone batch'] as Workload[]).flatMap((workload) =>
    SIDES.map((side) => summarise(measured.records, workload, side)).filter((s): s is SideSummary => s !== undefined)
  )
  const pick = (workload: Workload, side: SideSummary['side']): SideSummary => {
    const found = summaries.find((s) => s.workload === workload && s.side === side)
    if (!found) throw new Error(`[bench] No measured ${side} run of the ${workload}.`)
    return found
  }
  const compress = compression.available
    ? { corpus: medianTiming(measured.compressTimes.corpus), 'phone batch': batch ? medianTiming(measured.compressTimes['phone batch']) : undefined }
    : undefined
  const rawLoop = {
    corpus: medianRawLoop(measured.rawLoops.corpus),
    'phone batch': medianRawLoop(measured.rawLoops['phone batch'])
  }
  const walls = {
    corpus: pairedWalls(measured.records, measured.compressTimes.corpus, 'corpus', compression.available),
    'phone batch': batch ? pairedWalls(measured.records, measured.compressTimes['phone batch'], 'phone batch', compression.available) : undefined
  }
  const baseline = { plugin: pick('tiny image', 'plugin'), builtIn: pick('tiny image', 'built-in') }
  const targets = judgeTargets({
    corpus: {
      builtIn: pick('corpus', 'built-in'),
      plugin: pick('corpus', 'plugin'),
      pluginAgain: pick('corpus', 'plugin again'),
      largestPixels: largest(corpus).pixels
    },
    batch: batch ? { builtIn: pick('phone batch', 'built-in'), plugin: pick('phone batch', 'plugin'), largestPixels: largest(batch.files).pixels } : undefined,
    walls: { corpus: walls.corpus, batch: walls['phone batch'] },
    batchParallelism: measured.batchOneByOne.map((sequential, index) => ({ sequential, parallel: measured.compressTimes['phone batch'][index] })),
    baselineRssBytes: baseline.plugin.maxRssBytes,
    rawLoopRssBytes: { corpus: rawLoop.corpus?.maxRssBytes, batch: rawLoop['phone batch']?.maxRssBytes },
    quality: run.quality
  })
  return { summaries, baseline, compress, rawLoop, walls, targets }
}

/** Writes <resultsDir>/<resultsName>.md, .svg and .json; returns the targets' verdicts. */
export function writeE2eResults(run: E2eRun, benchSeconds: number): TargetResult[] {
  const { options, corpus, batch, compression, measured, quality } = run
  const judged = judgeE2e(run)
  const workloads: WorkloadInfo[] = [info('corpus', corpus)]
  if (batch) workloads.push({ ...info('phone batch', batch.files), note: `${batch.note}. Sources: ${batch.sources.join(', ')}.` })
  const chartFile = `${options.resultsName}.svg`
  mkdirSync(options.resultsDir, { recursive: true })
  writeFileSync(
    join(options.resultsDir, `${options.resultsName}.md`),
    renderReport({
      date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      chartFile,
      environment: environment(),
      cores: availableParallelism(),
      command: commandLine(options),
      pairs: options.pairs,
      quick: options.quick,
      workloads,
      ...judged,
      compressMissing: compression.available ? undefined : compression.reason,
      quality,
      records: measured.records,
      benchSeconds
    })
  )
  writeFileSync(
    join(options.resultsDir, chartFile),
    renderChart({
      title: 'picgo upload to a local OSS server: built-in aliyun vs aliyun-oss-plus',
      subtitle:
        `Medians of ${options.pairs} round${options.pairs === 1 ? '' : 's'}; ratios against the built-in uploader. ` +
        `Corpus: ${corpus.length} files, ${mb(total(corpus))}` +
        (batch ? `; phone batch: ${batch.files.length} photos, ${mb(total(batch.files))}.` : '.'),
      rows: chartRows(judged.summaries, judged.compress, corpus.length, batch?.files.length)
    })
  )
  const { summaries, compress, walls, targets } = judged
  writeFileSync(
    join(options.resultsDir, `${options.resultsName}.json`),
    `${JSON.stringify({ options, summaries, compress, walls, quality, targets, records: measured.records }, null, 2)}\n`
  )
  return targets
}

function commandLine(options: BenchOptions): string {
  return (
    [
      process.env.BENCH_PLUGIN_QUALITY ? `BENCH_PLUGIN_QUALITY=${process.env.BENCH_PLUGIN_QUALITY}` : '',
      process.env.BENCH_QUIET_WAIT_S ? `BENCH_QUIET_WAIT_S=${process.env.BENCH_QUIET_WAIT_S}` : '',
      `npm run bench ${[options.corpusDir, options.quick ? '--quick' : '', `--pairs ${options.pairs}`].filter(Boolean).join(' ')}`
    ]
      .filter(Boolean)
      .join(' ') + (process.env.BENCH_PLUGIN_QUALITY ? ` (the plugin with quality ${process.env.BENCH_PLUGIN_QUALITY}, all else default)` : '')
  )
}

function chartRows(
  summaries: readonly SideSummary[],
  compress: Partial<Record<Workload, CompressTiming>> | undefined,
  corpusFiles: number,
  batchFiles: number | undefined
): ChartRow[] {
  const bars = (workload: Workload): ChartBar[] =>
    summaries
      .filter((s) => s.workload === workload)
      .map((s) => ({
        side: s.side,
        bytes: s.bytesIn,
        wallMs: s.wallMs,
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
  return (
    `Node ${process.version}, picgo ${version('picgo')}, sharp ${version('sharp')}, ali-oss ${version('ali-oss')}; ` +
    `${availableParallelism()} × ${cpus()[0]?.model.trim() ?? 'CPU'}.`
  )
}

export const total = (files: readonly CorpusFile[]): number => files.reduce((sum, file) => sum + file.bytes, 0)
export const mb = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MB`
