// The request log tests assert on, and the running totals behind GET /__admin/stats.
import type { LoggedRequest } from './types'

export interface RequestStats {
  requests: number
  bytesIn: number
  bytesOut: number
  byMethod: Record<string, number>
}

export class RequestLog {
  /** Cleared in place, so a reference handed out as OssServer.requests stays live. */
  readonly entries: LoggedRequest[] = []
  private totals: RequestStats = emptyStats()

  start(entry: LoggedRequest): LoggedRequest {
    this.entries.push(entry)
    return entry
  }

  /** Call once, when the answer (or reset) is decided and bytesIn/bytesOut are final. */
  finish(entry: LoggedRequest): void {
    this.totals.requests++
    this.totals.bytesIn += entry.bytesIn
    this.totals.bytesOut += entry.bytesOut
    this.totals.byMethod[entry.method] = (this.totals.byMethod[entry.method] ?? 0) + 1
  }

  stats(): RequestStats {
    return { ...this.totals, byMethod: { ...this.totals.byMethod } }
  }

  clear(): void {
    this.entries.length = 0
    this.totals = emptyStats()
  }
}

function emptyStats(): RequestStats {
  return { requests: 0, bytesIn: 0, bytesOut: 0, byMethod: {} }
}
