// Child process of the e2e benchmark: what a bare sharp loop costs on the same files, as a yardstick
// for the plugin's picgo process. Like PicGo it reads every file into memory first, then encodes
// them with raw sharp (bench/raw-encode.ts), as many at a time as the uploader compresses, and
// prints {"wallMs", "cpuMs", "maxRssBytes"} (VmHWM) as its one line of output.
import { readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { DEFAULTS } from '../src/settings/config'
import { compressOptionsOf } from '../src/transformers'
import { createLimit } from '../src/concurrency/limit'
import { printJsonResult } from './child-script'
import { highWaterMarkBytes } from './peak-rss'
import { rawEncoder } from './raw-encode'

export interface RawLoopResult {
  wallMs: number
  cpuMs: number
  maxRssBytes: number
}

async function main(): Promise<RawLoopResult> {
  const started = process.hrtime.bigint()
  const options = compressOptionsOf(DEFAULTS)
  const inputs = process.argv.slice(2).map((file) => readFileSync(file))
  const gate = createLimit(Math.max(1, availableParallelism()))
  await Promise.all(
    inputs.map((input) =>
      gate(async () => {
        await rawEncoder(input, options)?.()
      })
    )
  )
  const usage = process.resourceUsage()
  return {
    wallMs: Number(process.hrtime.bigint() - started) / 1e6,
    cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
    maxRssBytes: highWaterMarkBytes() ?? usage.maxRSS * 1024
  }
}

if (require.main === module) printJsonResult(main())
