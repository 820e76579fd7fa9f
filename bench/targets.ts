// The targets of issue 7, judged on medians: each yields one PASS/FAIL line. Nothing asserts.
import type { CompressTiming } from './compress-time'
import { median, type PairedWall, type SideSummary } from './measurements'
import type { QualitySummary } from './quality'

export const MAX_BYTES_RATIO = 0.3
export const MAX_RSS_BYTES_PER_PIXEL = 10
/** DEVELOPERS.md: a batch of photos about 1.8 × faster than one by one on 2 cores. */
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

  results.push(wallTarget('corpus', walls.corpus))
  if (batch && walls.batch) results.push(wallTarget('phone batch', walls.batch))

  const paired = (inputs.batchParallelism ?? []).filter((p) => p.parallel !== undefined)
  if (paired.length > 0) results.push(speedupTarget(paired as Array<{ sequential: CompressTiming; parallel: CompressTiming }>))

  results.push(rssTarget('corpus', corpus.plugin, corpus.builtIn, corpus.largestPixels, inputs.baselineRssBytes, inputs.rawLoopRssBytes?.corpus))
  if (batch) results.push(rssTarget('phone batch', batch.plugin, batch.builtIn, batch.largestPixels, inputs.baselineRssBytes, inputs.rawLoopRssBytes?.batch))

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

/** Judged per round (plugin − built-in − compression of that round), then the median over rounds. */
function wallTarget(workload: string, walls: readonly PairedWall[]): TargetResult {
  const margins = walls.map((w) => w.pluginMs - w.builtInMs - w.compressMs)
  const overheads = walls.map((w) => (w.pluginMs - w.compressMs) / w.builtInMs)
  const rounds = walls.map((w) => `${s(w.pluginMs)} vs ${s(w.builtInMs)} + ${s(w.compressMs)}`).join('; ')
  return {
    target: `${workload}: first-upload wall time ≤ built-in + compression time`,
    pass: walls.length > 0 && median(margins) <= 0,
    measured: `median per-round margin ${s(median(margins))} (${rounds}); ` +
      `upload-path overhead (plugin − compress) / built-in = ${median(overheads).toFixed(2)} (median of rounds)`
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

function rssTarget(
  workload: string, plugin: SideSummary, builtIn: SideSummary, largestPixels: number, baselineRssBytes: number, rawLoopRssBytes?: number
): TargetResult {
  const limit = MAX_RSS_BYTES_PER_PIXEL * largestPixels + baselineRssBytes
  return {
    target: `${workload}: peak RSS ≤ ${MAX_RSS_BYTES_PER_PIXEL} B/pixel of the largest image + baseline`,
    pass: plugin.maxRssBytes <= limit,
    measured: `${mb(plugin.maxRssBytes)} ≤ ${MAX_RSS_BYTES_PER_PIXEL} × ${(largestPixels / 1e6).toFixed(1)} MP + ${mb(baselineRssBytes)} = ${mb(limit)}` +
      ` (the built-in, which holds the same input files, peaks at ${mb(builtIn.maxRssBytes)}` +
      (rawLoopRssBytes ? `; a bare sharp loop doing the same encodes at ${mb(rawLoopRssBytes)}` : '') + ')'
  }
}

export function methods(byMethod: Record<string, number>): string {
  const entries = Object.entries(byMethod).filter(([, count]) => count > 0)
  return entries.length === 0 ? 'none' : entries.map(([method, count]) => `${count} ${method}`).join(', ')
}
