/**
 * Benchmark of the compression stage on a corpus of real images.
 *
 *   npm run bench:compress [corpusDir]
 *
 * corpusDir defaults to bench/corpus. For every image it measures, side by side in one run, the plugin at
 * fixed quality 80 and at quality "auto", and the Squoosh peer (squoosh-peer.ts): bytes, CPU time, SSIM
 * against the original, and the independent judge's scores (judge.ts: Butteraugli, SSIMULACRA) when
 * libjxl-devtools is installed. The q80 run is also timed against a raw sharp baseline doing the same
 * encode (same constructor options and encoder settings, none of the plugin's logic), alternating after
 * one warm-up and taking the median of the per-pair CPU-time ratios. It also tracks peak RSS. Results go
 * to bench/results/compress.md, with the targets marked PASS or FAIL.
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, mkdirSync, writeFileSync, statSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import sharp from 'sharp'
import { DEFAULTS } from '../src/config'
import { compressOptionsOf } from '../src/transformers'
import { compress, type CompressOptions } from '../src/transformers/compress'
import { sniffFormat } from '../src/image/image-format'
import type { StageImage } from '../src/transformers/types'
import { median } from './measurements'
import { machineCpu } from './machine-load'
import { highWaterMarkBytes } from './peak-rss'
import { avifCostBench } from './avif-cost'
import { pixelBudgetBench } from './pixel-budget'
import { rawEncoder } from './raw-encode'
import { ssim } from './ssim'
import { INSTALL_HINT, judge, judgeAvailable, type JudgeScores } from './judge'
import { squooshPeer } from './squoosh-peer'
import { formatBytes } from '../src/errors/format-bytes'

/** The plugin's default settings at fixed quality 80 (the baseline of the "auto" targets), and at quality "auto". */
const OPTIONS: CompressOptions = { ...compressOptionsOf(DEFAULTS), quality: 80 }
const AUTO: CompressOptions = { ...OPTIONS, quality: 'auto' }
const DEFAULT_OPTIONS: CompressOptions = compressOptionsOf(DEFAULTS)
const PAIRS = 3
/** Fewer timing pairs for big or slow images, to keep the whole run near a quarter of an hour. */
const FEW_PAIRS = 2
const BIG_PIXELS = 8_000_000
const SLOW_MS = 1000

const TARGETS = {
  medianSsim: 0.97,
  minSsim: 0.9,
  totalRatio: 0.35,
  timeGeomean: 1.05,
  timeMax: 1.25,
  bytesPerPixel: 10,
  /** quality "auto" compression CPU ≤ this × fixed q80's, over the corpus. */
  autoCpu: 1.5
}

/** One way of storing an image: the plugin at q80, at "auto", or the Squoosh peer. */
interface Variant {
  bytes: number
  /** Median CPU time of one compression (the peer: one run). */
  cpuMs: number
  note: string
  judged?: JudgeScores
}

interface Row {
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
  auto: Variant
  peer: Variant
}

const GROUPS: Array<[RegExp, string]> = [
  [/^jpe?g-camera-/, 'camera JPEG'],
  [/^jpe?g-phone-/, 'phone JPEG'],
  [/^jpe?g-/, 'other JPEG'],
  [/^png-screenshot-/, 'PNG screenshot'],
  [/^png-/, 'PNG illustration/photo'],
  [/^gif-/, 'GIF'],
  [/^webp-/, 'WebP'],
  [/^svg-/, 'SVG']
]

function groupOf(file: string, input: Buffer): string {
  return GROUPS.find(([pattern]) => pattern.test(file))?.[1] ?? sniffFormat(input) ?? 'other'
}

/** Runs `work` while sampling RSS every 10 ms; returns its result, duration and the peak seen. */
async function measured<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; cpuMs: number; peakRss: number }> {
  let peakRss = process.memoryUsage.rss()
  const timer = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage.rss()) }, 10)
  const started = process.hrtime.bigint()
  const cpuStarted = process.cpuUsage()
  try {
    const result = await work()
    const ms = Number(process.hrtime.bigint() - started) / 1e6
    const cpu = process.cpuUsage(cpuStarted)
    peakRss = Math.max(peakRss, process.memoryUsage.rss())
    return { result, ms, cpuMs: (cpu.user + cpu.system) / 1000, peakRss }
  } finally {
    clearInterval(timer)
  }
}

/** Kept for the judge, which runs after every timing so that its processes never share the CPU with one. */
const outputs = new Map<string, { input: Buffer; q80: Buffer; auto: Buffer; peer: Buffer }>()

async function benchImage(dir: string, file: string): Promise<Row> {
  const input = readFileSync(join(dir, file))
  const image: StageImage = { buffer: input, fileName: file, extname: '', contentType: '' }
  const baseline = rawEncoder(input, OPTIONS)
  const meta = await sharp(input, { animated: true, limitInputPixels: false }).metadata().catch(() => undefined)
  const pixels = meta ? meta.width * (meta.pageHeight ?? meta.height) : 0

  // Warm-up runs; their outputs are the ones measured for size and quality.
  const warm = await measured(() => compress(image, OPTIONS))
  const warmAuto = await measured(() => compress(image, AUTO))
  const peer = await squooshPeer(input)
  const output = warm.result
  outputs.set(file, { input, q80: output.buffer, auto: warmAuto.result.buffer, peer: peer.buffer })
  let peakRss = Math.max(warm.peakRss, warmAuto.peakRss)
  const row: Row = {
    file,
    group: groupOf(file, input),
    pixels,
    inBytes: input.length,
    outBytes: output.buffer.length,
    ssim: await ssim(input, output.buffer).catch(() => Number.NaN),
    note: output.notes?.at(-1) ?? '',
    pairs: 0,
    peakRss,
    q80: { bytes: output.buffer.length, cpuMs: warm.cpuMs, note: output.notes?.at(-1) ?? '' },
    auto: { bytes: warmAuto.result.buffer.length, cpuMs: warmAuto.cpuMs, note: warmAuto.result.notes?.at(-1) ?? '' },
    peer: { bytes: peer.buffer.length, cpuMs: peer.cpuMs, note: peer.note }
  }
  const warmBaseline = baseline ? await measured(baseline) : undefined
  const pairs = pixels > BIG_PIXELS || (warmBaseline?.ms ?? 0) > SLOW_MS ? FEW_PAIRS : PAIRS
  const pluginTimes: number[] = []
  const autoTimes: number[] = []
  const baselineTimes: number[] = []
  const ratios: number[] = []
  const runPlugin = async (options: CompressOptions): Promise<number> => {
    const run = await measured(() => compress(image, options))
    peakRss = Math.max(peakRss, run.peakRss)
    return run.cpuMs
  }
  for (let i = 0; i < pairs; i++) {
    // Alternate the order, so none always runs on a warmer cache. Times are CPU times (all threads).
    let p: number
    let a: number
    let b = Number.NaN
    if (i % 2 === 0) {
      p = await runPlugin(OPTIONS)
      if (baseline) b = (await measured(baseline)).cpuMs
      a = await runPlugin(AUTO)
    } else {
      a = await runPlugin(AUTO)
      if (baseline) b = (await measured(baseline)).cpuMs
      p = await runPlugin(OPTIONS)
    }
    pluginTimes.push(p)
    autoTimes.push(a)
    if (baseline) {
      baselineTimes.push(b)
      ratios.push(p / b)
    }
  }
  row.q80.cpuMs = median(pluginTimes)
  row.auto.cpuMs = median(autoTimes)
  if (!baseline) return { ...row, pluginMs: row.q80.cpuMs, pairs, peakRss }
  return { ...row, pluginMs: median(pluginTimes), baselineMs: median(baselineTimes), timeRatio: median(ratios), pairs, peakRss }
}

/** Judge scores of every stored variant against its original, two images at a time. */
async function judgeAll(rows: Row[]): Promise<void> {
  const queue = [...rows]
  const worker = async (): Promise<void> => {
    for (let row = queue.shift(); row; row = queue.shift()) {
      const stored = outputs.get(row.file)!
      row.q80.judged = await judge(stored.input, stored.q80)
      row.auto.judged = stored.auto.equals(stored.q80) ? row.q80.judged : await judge(stored.input, stored.auto)
      row.peer.judged = await judge(stored.input, stored.peer)
      const show = (v: Variant): string => (v.judged ? v.judged.butteraugli3.toFixed(3) : 'n/a')
      console.log(`judged ${row.file}: Butteraugli 3-norm q80 ${show(row.q80)}, auto ${show(row.auto)}, Squoosh ${show(row.peer)}`)
    }
  }
  await Promise.all([worker(), worker()])
}

/**
 * Memory of one upload: a fresh Node process loads sharp, notes its RSS, compresses this one image
 * and reports its high-water mark. A long-lived process also carries glibc malloc's fragmentation
 * from earlier images (reported separately), which is the allocator's doing, not one image's cost.
 */
function probeMemory(path: string): { baseline: number; peak: number } {
  const output = execFileSync(process.execPath, [__filename, '--probe', path], { encoding: 'utf8' })
  return JSON.parse(output) as { baseline: number; peak: number }
}

async function probe(path: string): Promise<void> {
  await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).jpeg().toBuffer()
  const baseline = process.memoryUsage.rss()
  const input = readFileSync(path)
  await compress({ buffer: input, fileName: path, extname: '', contentType: '' }, OPTIONS)
  process.stdout.write(JSON.stringify({ baseline, peak: highWaterMarkBytes() ?? Number.NaN }))
}

function geomean(values: readonly number[]): number {
  return values.length ? Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length) : Number.NaN
}

const fixed = (value: number | undefined, digits: number): string =>
  value === undefined || Number.isNaN(value) ? 'n/a' : value.toFixed(digits)
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`
const verdict = (ok: boolean): string => (ok ? '**PASS**' : '**FAIL**')

function summarise(name: string, rows: readonly Row[]): string {
  const inBytes = rows.reduce((sum, r) => sum + r.inBytes, 0)
  const outBytes = rows.reduce((sum, r) => sum + r.outBytes, 0)
  const ssims = rows.map((r) => r.ssim).filter((v) => !Number.isNaN(v))
  const timed = rows.filter((r) => r.timeRatio !== undefined && !r.note.startsWith('kept original: already'))
  return `| ${name} | ${rows.length} | ${formatBytes(inBytes)} | ${formatBytes(outBytes)} | ${fixed(outBytes / inBytes, 3)} | ` +
    `${fixed(median(ssims), 4)} | ${fixed(Math.min(...ssims), 4)} | ${fixed(geomean(timed.map((r) => r.timeRatio!)), 3)} |`
}

async function main(): Promise<void> {
  const dir = resolve(process.argv[2] ?? 'bench/corpus')
  const files = readdirSync(dir).filter((f) => statSync(join(dir, f)).isFile() && !/\.(tsv|md|txt)$/i.test(f)).sort()
  if (!files.length) throw new Error(`No images in ${dir}`)
  await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).jpeg().toBuffer() // load libvips
  const nodeBaselineRss = process.memoryUsage.rss()
  const loadBefore = loadavg()
  const started = Date.now()
  const machineBefore = machineCpu()
  const ownBefore = process.cpuUsage()
  const probeBaselines: number[] = []
  const rows: Row[] = []
  for (const file of files) {
    const row = await benchImage(dir, file)
    rows.push(row)
    console.log(`${file}: ${fixed(row.outBytes / row.inBytes, 3)} of ${formatBytes(row.inBytes)}, SSIM ${fixed(row.ssim, 4)}, ` +
      `time ×${fixed(row.timeRatio, 3)} (${fixed(row.pluginMs, 0)} / ${fixed(row.baselineMs, 0)} ms, ${row.pairs} pairs), ${row.note}`)
  }
  const machineAfter = machineCpu()
  const ownCpu = process.cpuUsage(ownBefore)
  const timingMinutes = (Date.now() - started) / 60000
  // CPU the rest of the machine used while the timings ran, in cores: how shared the CPU was.
  const othersCores = machineBefore && machineAfter
    ? Math.max(0, machineAfter.busyMs - machineBefore.busyMs - (ownCpu.user + ownCpu.system) / 1000) / (timingMinutes * 60000)
    : Number.NaN
  const judged = judgeAvailable()
  if (judged) await judgeAll(rows)
  else console.log(`Butteraugli and SSIMULACRA not found on PATH: judge columns left empty. Install with: ${INSTALL_HINT}`)
  const longRunPeak = highWaterMarkBytes() ?? Number.NaN
  const largest = rows.reduce((a, b) => (b.pixels > a.pixels ? b : a))
  for (const row of rows.filter((r) => r.pixels > BIG_PIXELS || r === largest)) {
    const { baseline, peak } = probeMemory(join(dir, row.file))
    row.isolatedPeak = peak - baseline
    probeBaselines.push(baseline)
    console.log(`${row.file}: peak RSS ${mb(peak)} in its own process (${mb(baseline)} before)`)
  }
  const minutes = (Date.now() - started) / 60000
  const peakSampled = Math.max(...rows.map((r) => r.peakRss))
  const probed = rows.filter((r) => r.isolatedPeak !== undefined)
  const hungriest = probed.reduce((a, b) => (b.isolatedPeak! > a.isolatedPeak! ? b : a))
  const probeBaseline = median(probeBaselines)
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

  const autoSection = autoLines(rows, judged)
  const lines = [
    '# Compression stage benchmark',
    '',
    `Corpus: \`${dir}\` (${rows.length} files, ${formatBytes(inBytes)}). Settings: quality ${OPTIONS.quality}, convertTo ${OPTIONS.convertTo}, ` +
      `no resizing, metadata stripped. ${new Date().toISOString().slice(0, 16)}Z, Node ${process.version}, sharp ${sharp.versions.sharp}, ` +
      `libvips ${sharp.versions.vips}, ${cpus().length} CPUs, sharp.concurrency() ${sharp.concurrency()}; load average ` +
      `${loadBefore.map((v) => v.toFixed(1)).join(' ')} before, ${loadavg().map((v) => v.toFixed(1)).join(' ')} after; run took ${minutes.toFixed(1)} min ` +
      `(timings ${timingMinutes.toFixed(1)} min, during which other processes kept ${fixed(othersCores, 2)} of the ${cpus().length} cores busy on average: ` +
      'times are CPU times of this process, which sharing the cores changes far less than wall time).',
    '',
    `Time ratio = plugin at q80 ÷ raw sharp doing the same encode (same constructor options, \`autoOrient().keepIccProfile()\`, same encoder ` +
      `settings), in CPU time (all threads), median of per-pair ratios after one warm-up run, plugin, baseline and plugin "auto" alternating. ${PAIRS} pairs per image, ` +
      `${FEW_PAIRS} for images over ${BIG_PIXELS / 1e6} MP or whose encode takes over ${SLOW_MS / 1000} s. Images the plugin keeps ` +
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
      `VmHWM; done for the ${probed.length} images over ${BIG_PIXELS / 1e6} MP (column "peak MB": the growth over that baseline). In this one long-lived benchmark ` +
      `process (plugin, baseline and SSIM for every image) RSS started at ${mb(nodeBaselineRss)} and its high-water mark reached ` +
      `${mb(longRunPeak)} (${mb(peakSampled)} sampled while the plugin ran): glibc malloc keeps memory freed by libvips threads in ` +
      'fragmented per-thread arenas, and a raw sharp loop over the same files grows the same way. Running Node with ' +
      '`MALLOC_ARENA_MAX=2` (or jemalloc) bounds that growth; the plugin cannot set it from inside PicGo.',
    '',
    ...autoSection,
    '## By group',
    '',
    '| group | files | input | output | ratio | median SSIM | min SSIM | time ratio (geomean, encoded) |',
    '|---|---|---|---|---|---|---|---|',
    ...[...new Set(rows.map((r) => r.group))].map((g) => summarise(g, rows.filter((r) => r.group === g))),
    summarise('**all**', rows),
    '',
    '## By image (plugin at q80)',
    '',
    '| file | MP | input | output | ratio | SSIM | plugin CPU ms | sharp CPU ms | time ratio | pairs | peak MB | what happened |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.file} | ${fixed(r.pixels / 1e6, 1)} | ${formatBytes(r.inBytes)} | ${formatBytes(r.outBytes)} | ` +
      `${fixed(r.outBytes / r.inBytes, 3)} | ${fixed(r.ssim, 4)} | ${fixed(r.pluginMs, 0)} | ${fixed(r.baselineMs, 0)} | ` +
      `${fixed(r.timeRatio, 3)} | ${r.pairs || '-'} | ${r.isolatedPeak === undefined ? '' : mb(r.isolatedPeak)} | ${r.note.replace(/\|/g, '\\|')} |`),
    ''
  ]
  const out = resolve('bench/results/compress.md')
  mkdirSync(resolve('bench/results'), { recursive: true })
  writeFileSync(out, lines.join('\n'))
  console.log(lines.slice(lines.indexOf('## Targets'), lines.indexOf('## By group')).join('\n'))
  console.log(`Written to ${out}`)
}

/** The "auto" targets and the side-by-side tables of q80, "auto" and the Squoosh peer. */
function autoLines(rows: readonly Row[], judged: boolean): string[] {
  const total = (pick: (r: Row) => number): number => rows.reduce((sum, r) => sum + pick(r), 0)
  const inBytes = total((r) => r.inBytes)
  const variants: Array<[string, (r: Row) => Variant]> = [['plugin q80', (r) => r.q80], ['plugin "auto"', (r) => r.auto], ['Squoosh peer', (r) => r.peer]]
  const scores = (pick: (r: Row) => Variant, score: keyof JudgeScores): number[] =>
    rows.map((r) => pick(r).judged?.[score]).filter((v): v is number => v !== undefined && !Number.isNaN(v))
  const worst = (values: number[]): number => (values.length ? Math.max(...values) : Number.NaN)
  const defaultVariant = DEFAULT_OPTIONS.quality === 'auto' ? (r: Row) => r.auto : (r: Row) => r.q80
  const defaultBytes = total((r) => defaultVariant(r).bytes)
  const peerBytes = total((r) => r.peer.bytes)
  const q80B3 = scores((r) => r.q80, 'butteraugli3')
  const autoB3 = scores((r) => r.auto, 'butteraugli3')
  const q80Cpu = total((r) => r.q80.cpuMs)
  const autoCpu = total((r) => r.auto.cpuMs)
  const judgeNote = judged ? '' : ` (not measured: ${INSTALL_HINT})`
  const verdictOf = (ok: boolean): string => (judged ? verdict(ok) : '**FAIL** (no judge)')
  const b3 = (v: Variant): string => (v.judged ? `${v.judged.butteraugli3.toFixed(3)} / ${v.judged.butteraugliMax.toFixed(2)} / ${v.judged.ssimulacra.toFixed(4)}` : 'n/a')
  return [
    '## Quality "auto", fixed q80 and the Squoosh peer, on the same files in the same run',
    '',
    'Judge: Butteraugli 3-norm (and max) and SSIMULACRA from Debian\'s libjxl-devtools, both images decoded at full resolution ' +
      '(first frame, orientation applied, alpha flattened onto white, 8-bit sRGB PNG); 0 = identical, lower is better; a kept ' +
      `original scores 0. The plugin never uses them: "auto" decides with its own tile SSIM (src/image/auto-quality.ts)${judgeNote}. ` +
      'Squoosh peer: @jsquash MozJPEG q75, OxiPNG level 2, WebP q75 (Squoosh\'s defaults), one WebAssembly thread; GIF, SVG and ' +
      'animations count as the file itself. CPU: median CPU time (all threads) of one compression; the peer\'s is one run.',
    '',
    '| target | value | result |',
    '|---|---|---|',
    `| default settings (quality ${DEFAULT_OPTIONS.quality}) bytes ≤ the Squoosh peer's | ${formatBytes(defaultBytes)} vs ${formatBytes(peerBytes)} ` +
      `(${fixed(defaultBytes / peerBytes, 3)} ×) | ${verdict(defaultBytes <= peerBytes)} |`,
    `| "auto": worst Butteraugli 3-norm ≤ q80's worst | ${fixed(worst(autoB3), 3)} vs ${fixed(worst(q80B3), 3)} | ${verdictOf(worst(autoB3) <= worst(q80B3))} |`,
    `| "auto": median Butteraugli 3-norm ≤ q80's median | ${fixed(median(autoB3), 3)} vs ${fixed(median(q80B3), 3)} | ${verdictOf(median(autoB3) <= median(q80B3))} |`,
    `| "auto" compression CPU ≤ ${TARGETS.autoCpu} × q80's | ${(autoCpu / 1000).toFixed(1)} s vs ${(q80Cpu / 1000).toFixed(1)} s = ${fixed(autoCpu / q80Cpu, 2)} × | ` +
      `${verdict(autoCpu <= TARGETS.autoCpu * q80Cpu)} |`,
    '',
    '| variant | bytes | of input | median Butteraugli 3-norm | worst | median Butteraugli max | median SSIMULACRA | worst SSIMULACRA | CPU |',
    '|---|---|---|---|---|---|---|---|---|',
    ...variants.map(([name, pick]) => {
      const bytes = total((r) => pick(r).bytes)
      return `| ${name} | ${formatBytes(bytes)} | ${fixed(bytes / inBytes, 3)} | ${fixed(median(scores(pick, 'butteraugli3')), 3)} | ` +
        `${fixed(worst(scores(pick, 'butteraugli3')), 3)} | ${fixed(median(scores(pick, 'butteraugliMax')), 2)} | ` +
        `${fixed(median(scores(pick, 'ssimulacra')), 4)} | ${fixed(worst(scores(pick, 'ssimulacra')), 4)} | ${(total((r) => pick(r).cpuMs) / 1000).toFixed(1)} s |`
    }),
    '',
    'Per image: bytes, then Butteraugli 3-norm / max / SSIMULACRA, then CPU ms, for q80, "auto" and the peer.',
    '',
    '| file | q80 | auto | Squoosh | q80 judge | auto judge | Squoosh judge | q80 ms | auto ms | Squoosh ms | what "auto" did |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.file} | ${formatBytes(r.q80.bytes)} | ${formatBytes(r.auto.bytes)} | ${formatBytes(r.peer.bytes)} | ` +
      `${b3(r.q80)} | ${b3(r.auto)} | ${b3(r.peer)} | ${r.q80.cpuMs.toFixed(0)} | ${r.auto.cpuMs.toFixed(0)} | ${r.peer.cpuMs.toFixed(0)} | ` +
      `${r.auto.note.replace(/\|/g, '\\|')} |`),
    ''
  ]
}

const run = process.argv[2] === '--probe' ? probe(process.argv[3] ?? '') : main().then(pixelBudgetBench).then(avifCostBench)
run.catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
