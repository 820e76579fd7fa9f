// One record per measured CLI run, and the medians the report is made of.
import type { CpuSpent } from './machine-load'
import type { ServerStats } from './oss-process'
import type { PicGoUploadResult } from './run-picgo'

export const SIDES = ['built-in', 'plugin', 'plugin again'] as const
export type Side = (typeof SIDES)[number]
export type Workload = 'corpus' | 'phone batch' | 'tiny image'

export interface RunRecord {
  /** 0 is the warm-up round, left out of the medians. */
  round: number
  workload: Workload
  side: Side
  files: number
  wallMs: number
  /** User + system CPU time of the picgo process. */
  cpuMs: number
  maxRssBytes: number
  /** Request body bytes the server received during the run. */
  bytesIn: number
  requests: number
  byMethod: Record<string, number>
  /** Objects in the bucket after the run (the bucket is cleared before each first upload). */
  objects: number
  /** Object bytes the run added to the bucket. */
  storedBytesAdded: number
  /** CPU time the OSS server process spent during the run, when known. */
  serverCpuMs?: number
  /** CPU time the rest of the machine (not picgo, the server or the benchmark itself) spent during the run, when known. */
  otherCpuMs?: number
  /** CPU time the hypervisor took from this machine during the run, when known. */
  stealMs?: number
}

/** A run the rest of the machine competed with: on average over a quarter of a core busy elsewhere. */
export const BUSY_ELSEWHERE_SHARE = 0.25

export function busyElsewhere(record: RunRecord): boolean {
  return record.otherCpuMs !== undefined && record.otherCpuMs > BUSY_ELSEWHERE_SHARE * record.wallMs
}

/** The measured rounds of one side and workload: each number the median over its runs. */
export interface SideSummary extends Pick<
  RunRecord,
  'workload' | 'side' | 'files' | 'wallMs' | 'cpuMs' | 'maxRssBytes' | 'bytesIn' | 'requests' | 'byMethod' | 'objects' | 'storedBytesAdded'
> {
  runs: number
  /** Fastest and slowest run: the spread the median hides. */
  wallMsRange: [number, number]
}

export function toRunRecord(
  where: Pick<RunRecord, 'round' | 'workload' | 'side' | 'files'>,
  result: PicGoUploadResult,
  before: ServerStats,
  after: ServerStats,
  cpuSpent?: CpuSpent
): RunRecord {
  const cpuMs = result.usage.userMs + result.usage.systemMs
  const { machine, serverCpuMs, benchCpuMs = 0 } = cpuSpent ?? {}
  return {
    ...where,
    wallMs: result.wallMs,
    cpuMs,
    maxRssBytes: result.usage.maxRssBytes,
    bytesIn: after.bytesIn,
    requests: after.requests,
    byMethod: after.byMethod,
    objects: after.objects,
    storedBytesAdded: after.storedBytes - before.storedBytes,
    serverCpuMs,
    otherCpuMs: machine === undefined ? undefined : Math.max(0, machine.busyMs - cpuMs - (serverCpuMs ?? 0) - benchCpuMs),
    stealMs: machine?.stealMs
  }
}

/** Medians over the measured rounds (round > 0) of one side and workload; undefined if none ran. */
export function summarise(records: readonly RunRecord[], workload: Workload, side: Side): SideSummary | undefined {
  const runs = records.filter((record) => record.round > 0 && record.workload === workload && record.side === side)
  const first = runs[0]
  if (first === undefined) return undefined
  const of = (pick: (record: RunRecord) => number): number => median(runs.map(pick))
  const methods = [...new Set(runs.flatMap((record) => Object.keys(record.byMethod)))].sort()
  return {
    workload,
    side,
    runs: runs.length,
    files: first.files,
    wallMs: of((r) => r.wallMs),
    wallMsRange: [Math.min(...runs.map((r) => r.wallMs)), Math.max(...runs.map((r) => r.wallMs))],
    cpuMs: of((r) => r.cpuMs),
    maxRssBytes: of((r) => r.maxRssBytes),
    bytesIn: of((r) => r.bytesIn),
    requests: of((r) => r.requests),
    byMethod: Object.fromEntries(methods.map((method) => [method, of((r) => r.byMethod[method] ?? 0)])),
    objects: of((r) => r.objects),
    storedBytesAdded: of((r) => r.storedBytesAdded)
  }
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

/** One round's wall times of a workload: both uploads and the compression timed right after the plugin's. */
export interface PairedWall {
  round: number
  builtInMs: number
  pluginMs: number
  /** 0 when the plugin has no compression stage. */
  compressMs: number
  pluginCpuMs: number
  compressCpuMs: number
}

/**
 * Per-round pairs, so slow drift of the machine (the host's CPU speed varies by tens of percent
 * here over minutes) cancels instead of mixing a fast round's upload with a slow round's compression.
 */
export function pairedWalls(
  records: readonly RunRecord[],
  compressions: readonly { round?: number; wallMs: number; cpuMs: number }[],
  workload: Workload,
  compressionAvailable: boolean
): PairedWall[] {
  const recordOf = (round: number, side: Side): RunRecord | undefined => records.find((r) => r.round === round && r.workload === workload && r.side === side)
  const rounds = [...new Set(records.filter((r) => r.round > 0).map((r) => r.round))].sort((a, b) => a - b)
  return rounds.flatMap((round) => {
    const builtIn = recordOf(round, 'built-in')
    const plugin = recordOf(round, 'plugin')
    const compression = compressionAvailable ? compressions.find((c) => c.round === round) : { wallMs: 0, cpuMs: 0 }
    if (!builtIn || !plugin || !compression) return []
    return [
      {
        round,
        builtInMs: builtIn.wallMs,
        pluginMs: plugin.wallMs,
        compressMs: compression.wallMs,
        pluginCpuMs: plugin.cpuMs,
        compressCpuMs: compression.cpuMs
      }
    ]
  })
}
