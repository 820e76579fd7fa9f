// The paste benchmark's targets (at 20 Mbit/s up, medians of the rounds) and its report.
import { median } from './measurements'
import type { PasteImage } from './paste-images'

export interface PasteRun {
  side: 'built-in' | 'plugin'
  image: string
  upMbit: number
  round: number
  /** Spawn to exit of `picgo upload`, as the user waits for the URL. */
  wallMs: number
  /** Bytes the client sent through the link (requests and bodies). */
  bytesUp: number
  cpuMs: number
}

export interface PasteTarget {
  target: string
  pass: boolean
  measured: string
}

/** The uplink the targets are judged on. */
export const TARGET_MBIT = 20
export const MAX_PHOTO_RATIO = 0.75
export const MAX_SCREENSHOT_RATIO = 1.4
export const MAX_SMALL_EXTRA_S = 0.3

const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`

export function medianOf(
  runs: readonly PasteRun[],
  side: PasteRun['side'],
  image: string,
  upMbit: number,
  value: (run: PasteRun) => number = (run) => run.wallMs
): number {
  return median(runs.filter((run) => run.side === side && run.image === image && run.upMbit === upMbit).map(value))
}

export function judgePaste(runs: readonly PasteRun[], images: readonly PasteImage[]): PasteTarget[] {
  return images.map((image) => {
    const builtIn = medianOf(runs, 'built-in', image.path, TARGET_MBIT)
    const plugin = medianOf(runs, 'plugin', image.path, TARGET_MBIT)
    const measured = `${s(plugin)} vs built-in ${s(builtIn)}`
    if (image.kind === 'small screenshot') {
      return {
        target: `${image.label} at ${TARGET_MBIT} Mbit/s: ≤ built-in + ${MAX_SMALL_EXTRA_S} s`,
        pass: plugin - builtIn <= MAX_SMALL_EXTRA_S * 1000,
        measured: `${measured} (${plugin >= builtIn ? '+' : ''}${s(plugin - builtIn)})`
      }
    }
    const max = image.kind === 'photo' ? MAX_PHOTO_RATIO : MAX_SCREENSHOT_RATIO
    return {
      target: `${image.label} at ${TARGET_MBIT} Mbit/s: ≤ ${max} × built-in`,
      pass: plugin <= max * builtIn,
      measured: `${measured} (${(plugin / builtIn).toFixed(2)} ×)`
    }
  })
}

export interface PasteReportInputs {
  runs: readonly PasteRun[]
  images: readonly PasteImage[]
  targets: readonly PasteTarget[]
  uplinks: readonly number[]
  rttMs: number
  cores: number
}

export function renderPasteReport(inputs: PasteReportInputs): string {
  const { runs, images, uplinks } = inputs
  const rounds = Math.max(...runs.map((run) => run.round))
  const header = `| uplink | ${images.map((image) => image.label).join(' | ')} |`
  const rule = `|---|${images.map(() => '---|').join('')}`
  const row = (upMbit: number): string => `| ${upMbit} Mbit/s | ${images.map((image) => cell(runs, image.path, upMbit)).join(' | ')} |`
  const bytes = (image: PasteImage): string => {
    const built = medianOf(runs, 'built-in', image.path, TARGET_MBIT, (run) => run.bytesUp)
    const plugin = medianOf(runs, 'plugin', image.path, TARGET_MBIT, (run) => run.bytesUp)
    const cpu = medianOf(runs, 'plugin', image.path, TARGET_MBIT, (run) => run.cpuMs)
    const cpuBuilt = medianOf(runs, 'built-in', image.path, TARGET_MBIT, (run) => run.cpuMs)
    return `| ${image.label} | ${kb(built)} | ${kb(plugin)} | ${s(cpuBuilt)} | ${s(cpu)} |`
  }
  return [
    '# Paste to URL (`npm run bench:paste`)',
    '',
    `One \`picgo upload <file>\` per image through the real CLI, PicGo's built-in \`aliyun\` uploader vs the plugin at default settings,`,
    `side by side (order alternating per round), each into an emptied bucket, over a modelled uplink (tools/link-model.ts:`,
    `paced client→server bytes, ${inputs.rttMs} ms RTT, one RTT per new connection; no TLS) in front of the local OSS server.`,
    `Wall time from spawn to exit, medians of ${rounds}; ${inputs.cores} cores shared with other work.`,
    '',
    '## Targets',
    '',
    ...inputs.targets.map((target) => `- ${target.pass ? 'PASS' : 'FAIL'} ${target.target}: ${target.measured}`),
    '',
    '## Wall time, built-in vs plugin',
    '',
    header,
    rule,
    ...uplinks.map(row),
    '',
    `## Bytes through the link and CPU of the picgo process at ${TARGET_MBIT} Mbit/s (medians)`,
    '',
    '| image | built-in sent | plugin sent | built-in CPU | plugin CPU |',
    '|---|---|---|---|---|',
    ...images.map(bytes),
    '',
    '## Every run',
    '',
    '| uplink | round | side | file | wall | sent |',
    '|---|---|---|---|---|---|',
    ...runs.map((run) => `| ${run.upMbit} | ${run.round} | ${run.side} | ${run.image.split('/').at(-1)} | ${s(run.wallMs)} | ${kb(run.bytesUp)} |`),
    ''
  ].join('\n')
}

function cell(runs: readonly PasteRun[], image: string, upMbit: number): string {
  const builtIn = medianOf(runs, 'built-in', image, upMbit)
  const plugin = medianOf(runs, 'plugin', image, upMbit)
  return `${s(builtIn)} vs ${s(plugin)} (${(plugin / builtIn).toFixed(2)} ×)`
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KB`
