// The report of `npm run bench:compress`: its targets judged PASS or FAIL and its tables, from the rows bench/compress.ts
// measured. Writes nothing and measures nothing.
import { cpus } from 'node:os'
import sharp from 'sharp'
import { formatBytes } from '../src/errors/format-bytes'
import { INSTALL_HINT, type JudgeScores } from './judge'
import { median } from './measurements'
import { verdict } from './results-file'

export const TARGETS = {
  medianSsim: 0.97,
  minSsim: 0.9,
  totalRatio: 0.35,
  timeGeomean: 1.05,
  timeMax: 1.25,
  bytesPerPixel: 10
}

/** One way of storing an image: the plugin at q80, or the Squoosh peer. */
export interface Variant {
  bytes: number
  /** Median CPU time of one compression (the peer: one run). */
  cpuMs: number
  note: string
  judged?: JudgeScores
}

export interface Row {
  file: string
  group: string
  pixels: number
  inBytes: number
  outBytes: number
  ssim: number
  note: string
  pluginMs?: number
  baselineMs?: number
  timeRatio?: number
  pairs: number
  /** Peak RSS sampled while the plugin ran on this image, in the benchmark process. */
  peakRss: number
  /** Peak RSS (VmHWM) over Node's own baseline of a fresh process compressing only this image. */
  isolatedPeak?: number
  q80: Variant
  peer: Variant
}

/** How the rows were measured, as the report states it. */
export interface CompressRun {
  dir: string
  rows: readonly Row[]
  /** The judge's tools were found: the rows carry its scores. */
  judged: boolean
  options: { quality: number; convertTo: string; defaultQuality: number }
  pairs: { usual: number; few: number; bigPixels: number; slowMs: number }
  /** Load averages before and after; cores other processes kept busy during the timings. */
  load: { before: number[]; after: number[]; othersCores: number }
  minutes: { run: number; timings: number }
  /** RSS of this process at the start and its high-water mark; each memory probe's own baseline. */
  memory: { nodeBaselineRss: number; longRunPeak: number; probeBaselines: number[] }
}

/** The Markdown of bench/results/compress.md, and its targets section for the console. */
export function renderCompressReport(run: CompressRun): { markdown: string; targets: string } {
  const rows = run.rows
  const largest = rows.reduce((a, b) => (b.pixels > a.pixels ? b : a))
  const peakSampled = Math.max(...rows.map((r) => r.peakRss))
  const probed = rows.filter((r) => r.isolatedPeak !== undefined)
  const hungriest = probed.reduce((a, b) => (b.isolatedPeak! > a.isolatedPeak! ? b : a))
  const probeBaseline = median(run.memory.probeBaselines)
  const peak = probeBaseline + hungriest.isolatedPeak!
  const allowance = probeBaseline + TARGETS.bytesPerPixel * largest.pixels

  const inBytes = rows.reduce((sum, r) => sum + r.inBytes, 0)
  const outBytes = rows.reduce((sum, r) => sum + r.outBytes, 0)
  const ssims = rows.map((r) => r.ssim).filter((v) => !Number.isNaN(v))
  const encoded = rows.filter((r) => r.timeRatio !== undefined && !r.note.startsWith('kept original: already'))
  const bigger = rows.filter((r) => r.outBytes > r.inBytes)
  const timeGeomean = geomean(encoded.map((r) => r.timeRatio!))
  const timeMax = Math.max(...encoded.map((r) => r.timeRatio!))
  const slowest = encoded.reduce((a, b) => (b.timeRatio! > a.timeRatio! ? b : a))

  const peerSection = peerLines(rows, run.judged, run.options.defaultQuality)
  const lines = [
    '# Compression stage benchmark',
    '',
    `Corpus: \`${run.dir}\` (${rows.length} files, ${formatBytes(inBytes)}). Settings: quality ${run.options.quality}, convertTo ${run.options.convertTo}, ` +
      `no resizing, metadata stripped. ${new Date().toISOString().slice(0, 16)}Z, Node ${process.version}, sharp ${sharp.versions.sharp}, ` +
      `libvips ${sharp.versions.vips}, ${cpus().length} CPUs, sharp.concurrency() ${sharp.concurrency()}; load average ` +
      `${run.load.before.map((v) => v.toFixed(1)).join(' ')} before, ${run.load.after.map((v) => v.toFixed(1)).join(' ')} after; run took ${run.minutes.run.toFixed(1)} min ` +
      `(timings ${run.minutes.timings.toFixed(1)} min, during which other processes kept ${fixed(run.load.othersCores, 2)} of the ${cpus().length} cores busy on average: ` +
      'times are CPU times of this process, which sharing the cores changes far less than wall time).',
    '',
    `Time ratio = plugin at q80 ÷ raw sharp doing the same encode (same constructor options, \`autoOrient().keepIccProfile()\`, same encoder ` +
      `settings), in CPU time (all threads), median of per-pair ratios after one warm-up run, plugin and baseline alternating. ${run.pairs.usual} pairs per image, ` +
      `${run.pairs.few} for images over ${run.pairs.bigPixels / 1e6} MP or whose encode takes over ${run.pairs.slowMs / 1000} s. Images the plugin keeps ` +
      'without encoding (JPEGs already at or below the target quality, GIF and SVG pass-through) are listed but left out of the time targets. ' +
      'SSIM: 11×11 Gaussian window on luma, both images scaled to ≤ 1024 px, first frame of animations (bench/ssim.ts).',
    '',
    '## Targets',
    '',
    '| target | value | result |',
    '|---|---|---|',
    `| median SSIM ≥ ${TARGETS.medianSsim} | ${fixed(median(ssims), 4)} | ${verdict(median(ssims) >= TARGETS.medianSsim)} |`,
    `| min SSIM ≥ ${TARGETS.minSsim} | ${fixed(Math.min(...ssims), 4)} | ${verdict(Math.min(...ssims) >= TARGETS.minSsim)} |`,
    `| no output bigger than its input | ${bigger.length} bigger | ${verdict(bigger.length === 0)} |`,
    `| total bytes ≤ ${TARGETS.totalRatio} × input | ${fixed(outBytes / inBytes, 3)} (${formatBytes(outBytes)} of ${formatBytes(inBytes)}) | ${verdict(outBytes / inBytes <= TARGETS.totalRatio)} |`,
    `| time ratio geometric mean ≤ ${TARGETS.timeGeomean} (${encoded.length} encoded images) | ${fixed(timeGeomean, 3)} | ${verdict(timeGeomean <= TARGETS.timeGeomean)} |`,
    `| every image's time ratio ≤ ${TARGETS.timeMax} | max ${fixed(timeMax, 3)} (${slowest.file}) | ${verdict(timeMax <= TARGETS.timeMax)} |`,
    `| peak RSS ≤ ${TARGETS.bytesPerPixel} B/px × largest image + Node baseline | ${mb(peak)} (${hungriest.file}) vs ${mb(probeBaseline)} + ` +
      `${TARGETS.bytesPerPixel} × ${fixed(largest.pixels / 1e6, 1)} MP (${largest.file}) = ${mb(allowance)}: ` +
      `${fixed(hungriest.isolatedPeak! / largest.pixels, 2)} B/px of the largest image | ${verdict(peak <= allowance)} |`,
    '',
    `Peak RSS per upload: a fresh Node process (RSS ${mb(probeBaseline)} with sharp loaded) compresses one image and reports its ` +
      `VmHWM; done for the ${probed.length} images over ${run.pairs.bigPixels / 1e6} MP (column "peak MB": the growth over that baseline). In this one long-lived benchmark ` +
      `process (plugin, baseline and SSIM for every image) RSS started at ${mb(run.memory.nodeBaselineRss)} and its high-water mark reached ` +
      `${mb(run.memory.longRunPeak)} (${mb(peakSampled)} sampled while the plugin ran): glibc malloc keeps memory freed by libvips threads in ` +
      'fragmented per-thread arenas, and a raw sharp loop over the same files grows the same way. Running Node with ' +
      '`MALLOC_ARENA_MAX=2` (or jemalloc) bounds that growth; the plugin cannot set it from inside PicGo.',
    '',
    ...peerSection,
    '## By group',
    '',
    '| group | files | input | output | ratio | median SSIM | min SSIM | time ratio (geomean, encoded) |',
    '|---|---|---|---|---|---|---|---|',
    ...[...new Set(rows.map((r) => r.group))].map((g) =>
      summarise(
        g,
        rows.filter((r) => r.group === g)
      )
    ),
    summarise('**all**', rows),
    '',
    '## By image (plugin at q80)',
    '',
    '| file | MP | input | output | ratio | SSIM | plugin CPU ms | sharp CPU ms | time ratio | pairs | peak MB | what happened |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.file} | ${fixed(r.pixels / 1e6, 1)} | ${formatBytes(r.inBytes)} | ${formatBytes(r.outBytes)} | ` +
        `${fixed(r.outBytes / r.inBytes, 3)} | ${fixed(r.ssim, 4)} | ${fixed(r.pluginMs, 0)} | ${fixed(r.baselineMs, 0)} | ` +
        `${fixed(r.timeRatio, 3)} | ${r.pairs || '-'} | ${r.isolatedPeak === undefined ? '' : mb(r.isolatedPeak)} | ${r.note.replace(/\|/g, '\\|')} |`
    ),
    ''
  ]
  return { markdown: lines.join('\n'), targets: lines.slice(lines.indexOf('## Targets'), lines.indexOf('## By group')).join('\n') }
}

function geomean(values: readonly number[]): number {
  return values.length ? Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length) : Number.NaN
}

export const fixed = (value: number | undefined, digits: number): string => (value === undefined || Number.isNaN(value) ? 'n/a' : value.toFixed(digits))
export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`

function summarise(name: string, rows: readonly Row[]): string {
  const inBytes = rows.reduce((sum, r) => sum + r.inBytes, 0)
  const outBytes = rows.reduce((sum, r) => sum + r.outBytes, 0)
  const ssims = rows.map((r) => r.ssim).filter((v) => !Number.isNaN(v))
  const timed = rows.filter((r) => r.timeRatio !== undefined && !r.note.startsWith('kept original: already'))
  return (
    `| ${name} | ${rows.length} | ${formatBytes(inBytes)} | ${formatBytes(outBytes)} | ${fixed(outBytes / inBytes, 3)} | ` +
    `${fixed(median(ssims), 4)} | ${fixed(Math.min(...ssims), 4)} | ${fixed(geomean(timed.map((r) => r.timeRatio!)), 3)} |`
  )
}

/** The side-by-side tables of the plugin's default settings and the Squoosh peer, judged. */
function peerLines(rows: readonly Row[], judged: boolean, defaultQuality: number): string[] {
  const total = (pick: (r: Row) => number): number => rows.reduce((sum, r) => sum + pick(r), 0)
  const inBytes = total((r) => r.inBytes)
  const variants: Array<[string, (r: Row) => Variant]> = [
    [`plugin q${defaultQuality}`, (r) => r.q80],
    ['Squoosh peer', (r) => r.peer]
  ]
  const scores = (pick: (r: Row) => Variant, score: keyof JudgeScores): number[] =>
    rows.map((r) => pick(r).judged?.[score]).filter((v): v is number => v !== undefined && !Number.isNaN(v))
  const worst = (values: number[]): number => (values.length ? Math.max(...values) : Number.NaN)
  const pluginBytes = total((r) => r.q80.bytes)
  const peerBytes = total((r) => r.peer.bytes)
  const judgeNote = judged ? '' : ` (not measured: ${INSTALL_HINT})`
  const b3 = (v: Variant): string =>
    v.judged ? `${v.judged.butteraugli3.toFixed(3)} / ${v.judged.butteraugliMax.toFixed(2)} / ${v.judged.ssimulacra.toFixed(4)}` : 'n/a'
  return [
    `## Quality ${defaultQuality} and the Squoosh peer, on the same files in the same run`,
    '',
    "Judge: Butteraugli 3-norm (and max) and SSIMULACRA from Debian's libjxl-devtools, both images decoded at full resolution " +
      '(first frame, orientation applied, alpha flattened onto white, 8-bit sRGB PNG); 0 = identical, lower is better; a kept ' +
      `original scores 0${judgeNote}. The plugin never uses them. ` +
      "Squoosh peer: @jsquash MozJPEG q75, OxiPNG level 2, WebP q75 (Squoosh's defaults), one WebAssembly thread; GIF, SVG and " +
      "animations count as the file itself. CPU: median CPU time (all threads) of one compression; the peer's is one run.",
    '',
    '| target | value | result |',
    '|---|---|---|',
    `| default settings (quality ${defaultQuality}) bytes ≤ the Squoosh peer's | ${formatBytes(pluginBytes)} vs ${formatBytes(peerBytes)} ` +
      `(${fixed(pluginBytes / peerBytes, 3)} ×) | ${verdict(pluginBytes <= peerBytes)} |`,
    '',
    '| variant | bytes | of input | median Butteraugli 3-norm | worst | median Butteraugli max | median SSIMULACRA | worst SSIMULACRA | CPU |',
    '|---|---|---|---|---|---|---|---|---|',
    ...variants.map(([name, pick]) => {
      const bytes = total((r) => pick(r).bytes)
      return (
        `| ${name} | ${formatBytes(bytes)} | ${fixed(bytes / inBytes, 3)} | ${fixed(median(scores(pick, 'butteraugli3')), 3)} | ` +
        `${fixed(worst(scores(pick, 'butteraugli3')), 3)} | ${fixed(median(scores(pick, 'butteraugliMax')), 2)} | ` +
        `${fixed(median(scores(pick, 'ssimulacra')), 4)} | ${fixed(worst(scores(pick, 'ssimulacra')), 4)} | ${(total((r) => pick(r).cpuMs) / 1000).toFixed(1)} s |`
      )
    }),
    '',
    `Per image: bytes, then Butteraugli 3-norm / max / SSIMULACRA, then CPU ms, for q${defaultQuality} and the peer.`,
    '',
    `| file | q${defaultQuality} | Squoosh | q${defaultQuality} judge | Squoosh judge | q${defaultQuality} ms | Squoosh ms |`,
    '|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.file} | ${formatBytes(r.q80.bytes)} | ${formatBytes(r.peer.bytes)} | ${b3(r.q80)} | ${b3(r.peer)} | ` +
        `${r.q80.cpuMs.toFixed(0)} | ${r.peer.cpuMs.toFixed(0)} |`
    ),
    ''
  ]
}
