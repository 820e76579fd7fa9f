// Node preload (`node -r build/bench/report-usage.js ...`): when the process exits, writes its own
// resource usage as JSON to the file named by BENCH_USAGE_FILE. CPU time is getrusage of the whole
// process (all threads, so libvips' threads count too).
//
// Peak RSS is VmHWM from /proc/self/status: the high-water mark of this program's own memory since
// exec. getrusage's ru_maxrss is not used on Linux because it also carries the parent's high-water
// mark at fork (the benchmark process, which grows while it compresses in-process), so a tiny
// upload spawned late in a run would report the parent's hundreds of MB.
import { writeFileSync } from 'node:fs'
import { highWaterMarkBytes } from './peak-rss'

export interface ProcessUsage {
  /** User CPU time, ms. */
  userMs: number
  /** System CPU time, ms. */
  systemMs: number
  /** Peak resident set size, bytes. */
  maxRssBytes: number
}

const usageFile = process.env.BENCH_USAGE_FILE
if (!usageFile) throw new Error('[bench] report-usage: set BENCH_USAGE_FILE to the JSON file to write.')

process.on('exit', () => {
  const usage = process.resourceUsage()
  const report: ProcessUsage = {
    userMs: usage.userCPUTime / 1000,
    systemMs: usage.systemCPUTime / 1000,
    maxRssBytes: highWaterMarkBytes() ?? usage.maxRSS * 1024
  }
  writeFileSync(usageFile, JSON.stringify(report))
})
