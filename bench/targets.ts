// The end-to-end targets, judged on medians of rounds: each yields one PASS/FAIL line. Nothing asserts.
// CPU time rather than wall time wherever the machine is shared: another process on the same cores
// stretches wall time but barely changes the CPU seconds a run spends itself.
import { PIXEL_BUDGET } from '../src/uploader/pixel-budget'
import type { CompressTiming } from './compress-time'
import { median, type PairedWall, type SideSummary } from './measurements'
import type { QualitySummary } from './quality'

/** Bytes the plugin sends with default settings, as a share of the built-in uploader's (which sends the files as they are). */
export const MAX_BYTES_RATIO = 0.25
/** Peak RSS of `picgo upload` as a multiple of a bare sharp loop doing the same encodes in the same round. */
export const MAX_RSS_VS_RAW_LOOP = 1.0
/** What decoding and encoding may hold per pixel admitted at once (src/uploader/pixel-budget.ts measured about 5.5). */
export const MAX_RSS_BYTES_PER_PIXEL = 10
/** CPU seconds the upload path may add per image beyond compression (hashing, HEAD, PUT, PicGo's own work). */
export const MAX_OVERHEAD_CPU_S_PER_IMAGE = 0.05
/** Two cores compress a batch of photos about 1.8 × faster than one: 0.85 of the ideal per core. */
export const MIN_BATCH_SPEEDUP_PER_CORE = 0.85

export interface TargetInputs {
  corpus: { builtIn: SideSummary; plugin: SideSummary; pluginAgain: SideSummary; largestPixels: number }
  batch?: { builtIn: SideSummary; plugin: SideSummary; largestPixels: number }
  /** Per-round wall times of both uploads and of the plugin's compression alone (0 without the stage). */
  walls: { corpus: PairedWall[]; batch?: PairedWall[] }
  /** Per round: the phone batch's compression one by one and as the uploader runs it. */
  batchParallelism?: Array<{ sequential: CompressTiming; parallel?: CompressTiming }>
  /** Median peak RSS of the plugin's picgo uploading one tiny image. */
  baselineRssBytes: number
  /** Median peak RSS of a bare sharp loop over the same files in its own process, for context. */
  rawLoopRssBytes?: { corpus?: number; batch?: number }
  quality?: QualitySummary
}

export interface TargetResult {
  target: string
  pass: boolean
  measured: string
}

const MB = 1024 * 1024
const mb = (bytes: number): string => `${(bytes / MB).toFixed(1)} MB`
const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`

export function judgeTargets(inputs: TargetInputs): TargetResult[] {
  const results: TargetResult[] = []
  const { corpus, batch, walls } = inputs
  results.push(bytesTarget('corpus', corpus.plugin, corpus.builtIn))
  if (batch) results.push(bytesTarget('phone batch', batch.plugin, batch.builtIn))

  const again = corpus.pluginAgain
  results.push({
    target: `second upload of the corpus sends 0 object bytes and makes ≤ 1 request per image (${again.files})`,
    pass: again.bytesIn === 0 && again.requests <= again.files,
    measured: `${again.bytesIn} bytes sent, ${again.requests} requests (${methods(again.byMethod)})`
  })

  results.push(overheadTarget('corpus', walls.corpus, corpus.plugin.files))
  if (batch && walls.batch) results.push(overheadTarget('phone batch', walls.batch, batch.plugin.files))

  const paired = (inputs.batchParallelism ?? []).filter((p) => p.parallel !== undefined)
  if (paired.length > 0) results.push(speedupTarget(paired as Array<{ sequential: CompressTiming; parallel: CompressTiming }>))

  results.push(...rssTargets('corpus', corpus.plugin, corpus.builtIn, inputs.baselineRssBytes, inputs.rawLoopRssBytes?.corpus))
  if (batch) results.push(...rssTargets('phone batch', batch.plugin, batch.builtIn, inputs.baselineRssBytes, inputs.rawLoopRssBytes?.batch))

  if (inputs.quality) {
    const { biggerThanInput, rows } = inputs.quality
    results.push({
      target: 'no stored object is bigger than its input file',
      pass: biggerThanInput.length === 0,
      measured: biggerThanInput.length === 0 ? `${rows.length} of ${rows.length} objects ≤ input` : `bigger: ${biggerThanInput.join(', ')}`
    })
  }
  return results
}

function bytesTarget(workload: string, plugin: SideSummary, builtIn: SideSummary): TargetResult {
  const ratio = plugin.bytesIn / builtIn.bytesIn
  return {
    target: `${workload}: bytes sent ≤ ${MAX_BYTES_RATIO} × built-in`,
    pass: ratio <= MAX_BYTES_RATIO,
    measured: `${mb(plugin.bytesIn)} vs ${mb(builtIn.bytesIn)} = ${ratio.toFixed(3)} ×`
  }
}

/**
 * The upload path's own cost in CPU seconds: the plugin's picgo process minus the compression stage alone in the
 * same round (both spend the same encodes), per image, then the median over rounds.
 */
function overheadTarget(workload: string, walls: readonly PairedWall[], files: number): TargetResult {
  const perImage = walls.map((w) => (w.pluginCpuMs - w.compressCpuMs) / 1000 / files)
  const rounds = walls.map((w) => `${s(w.pluginCpuMs)} − ${s(w.compressCpuMs)}`).join('; ')
  const value = median(perImage)
  return {
    target: `${workload}: upload-path CPU (plugin CPU − compression CPU) ≤ ${MAX_OVERHEAD_CPU_S_PER_IMAGE} s per image`,
    pass: walls.length > 0 && value <= MAX_OVERHEAD_CPU_S_PER_IMAGE,
    measured: `median ${value.toFixed(3)} s per image over ${files} images (${rounds})`
  }
}

/** Judged per round (one by one / parallel wall of the same photos), then the median over rounds. */
function speedupTarget(rounds: ReadonlyArray<{ sequential: CompressTiming; parallel: CompressTiming }>): TargetResult {
  const cores = rounds[0]?.parallel.concurrency ?? 1
  const minimum = Math.max(1, MIN_BATCH_SPEEDUP_PER_CORE * cores)
  const speedups = rounds.map((r) => r.sequential.wallMs / r.parallel.wallMs)
  const detail = rounds.map((r) => `${s(r.sequential.wallMs)} / ${s(r.parallel.wallMs)}`).join('; ')
  return {
    target: `phone batch: compression ${cores} at a time ≥ ${minimum.toFixed(2)} × faster than one by one`,
    pass: median(speedups) >= minimum,
    measured: `median ${median(speedups).toFixed(2)} × (${detail})`
  }
}

function rssTargets(workload: string, plugin: SideSummary, builtIn: SideSummary, baselineRssBytes: number, rawLoopRssBytes?: number): TargetResult[] {
  const context = `the built-in, which holds the same input files, peaks at ${mb(builtIn.maxRssBytes)}`
  const results: TargetResult[] = []
  if (rawLoopRssBytes !== undefined) {
    const ratio = plugin.maxRssBytes / rawLoopRssBytes
    const pass = ratio <= MAX_RSS_VS_RAW_LOOP
    results.push({
      target: `${workload}: peak RSS ≤ ${MAX_RSS_VS_RAW_LOOP.toFixed(1)} × a bare sharp loop doing the same encodes`,
      pass,
      measured: `${mb(plugin.maxRssBytes)} ${pass ? '≤' : '>'} ${mb(rawLoopRssBytes)}: ${ratio.toFixed(2)} × (${context})`
    })
  }
  const bound = baselineRssBytes + MAX_RSS_BYTES_PER_PIXEL * PIXEL_BUDGET
  const pass = plugin.maxRssBytes <= bound
  results.push({
    target: `${workload}: peak RSS ≤ baseline + ${MAX_RSS_BYTES_PER_PIXEL} B/pixel × the pixel budget (${PIXEL_BUDGET / 1e6} MP decoded at once)`,
    pass,
    measured: `${mb(plugin.maxRssBytes)} ${pass ? '≤' : '>'} ${mb(baselineRssBytes)} + ${MAX_RSS_BYTES_PER_PIXEL} × ${PIXEL_BUDGET / 1e6} MP = ${mb(bound)}`
  })
  return results
}

export function methods(byMethod: Record<string, number>): string {
  const entries = Object.entries(byMethod).filter(([, count]) => count > 0)
  return entries.length === 0 ? 'none' : entries.map(([method, count]) => `${count} ${method}`).join(', ')
}
