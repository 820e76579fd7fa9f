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
  /** Requests neither answered nor given up by their client. */
  private readonly open = new Set<LoggedRequest>()

  start(entry: LoggedRequest): LoggedRequest {
    this.entries.push(entry)
    this.open.add(entry)
    return entry
  }

  /** The client closed the connection (answered or not): the request is no longer in flight. */
  settle(entry: LoggedRequest): void {
    this.open.delete(entry)
  }

  /** Requests still in flight, other than `except`. */
  inFlight(except?: LoggedRequest): LoggedRequest[] {
    return [...this.open].filter((entry) => entry !== except)
  }

  /** Call once, when the answer (or reset) is decided and bytesIn/bytesOut are final. */
  finish(entry: LoggedRequest): void {
    this.open.delete(entry)
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
    this.open.clear()
    this.totals = emptyStats()
  }
}

function emptyStats(): RequestStats {
  return { requests: 0, bytesIn: 0, bytesOut: 0, byMethod: {} }
}
