/**
 * Benchmark of the compression stage on a corpus of real images.
 *
 *   npm run bench:compress [corpusDir]
 *
 * corpusDir defaults to bench/corpus. For every image it measures, side by side in one run, the plugin at
 * quality 80 (its default) and the Squoosh peer (squoosh-peer.ts): bytes, CPU time, SSIM
 * against the original, and the independent judge's scores (judge.ts: Butteraugli, SSIMULACRA) when
 * libjxl-devtools is installed. The q80 run is also timed against a raw sharp baseline doing the same
 * encode (same constructor options and encoder settings, none of the plugin's logic), alternating after
 * one warm-up and taking the median of the per-pair CPU-time ratios. It also tracks peak RSS. Results go
 * to bench/results/compress.md, with the targets marked PASS or FAIL.
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, mkdirSync, writeFileSync, statSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import sharp from 'sharp'
import { DEFAULTS } from '../src/settings/config'
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
import { looksLikePhoto } from '../src/image/photo-like'
import { paletteKindOf } from '../src/transformers/compress/output-format'
import { ssim } from './ssim'
import { INSTALL_HINT, judge, judgeAvailable } from './judge'
import { fixed, mb, renderCompressReport, type Row, type Variant } from './compress-report'
import { squooshPeer } from './squoosh-peer'
import { formatBytes } from '../src/errors/format-bytes'

/** The plugin's default settings. */
const OPTIONS: CompressOptions = compressOptionsOf(DEFAULTS)
const PAIRS = 3
/** Fewer timing pairs for big or slow images, to keep the whole run near a quarter of an hour. */
const FEW_PAIRS = 2
const BIG_PIXELS = 8_000_000
const SLOW_MS = 1000

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
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss())
  }, 10)
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
const outputs = new Map<string, { input: Buffer; q80: Buffer; peer: Buffer }>()

async function benchImage(dir: string, file: string): Promise<Row> {
  const input = readFileSync(join(dir, file))
  const image: StageImage = { buffer: input, fileName: file, extname: '', contentType: '' }
  const meta = await sharp(input, { animated: true, limitInputPixels: false })
    .metadata()
    .catch(() => undefined)
  const pixels = meta ? meta.width * (meta.pageHeight ?? meta.height) : 0

  // Warm-up runs; their outputs are the ones measured for size and quality.
  const warm = await measured(() => compress(image, OPTIONS))
  const peer = await squooshPeer(input)
  const output = warm.result
  outputs.set(file, { input, q80: output.buffer, peer: peer.buffer })
  // A PNG the plugin stored as a JPEG or AVIF ("formats"): the baseline does that encode too, like with like.
  const stored = sniffFormat(output.buffer)
  const perPicture = sniffFormat(input) === 'png' && (stored === 'jpeg' || stored === 'avif') ? stored : undefined
  // A PNG kept a PNG is a palette of flat art or of a smooth picture, as the plugin decided from its pixels.
  const palette = sniffFormat(input) === 'png' && stored === 'png' ? paletteKindOf({ photoLike: await looksLikePhoto(sharp(input)), opaque: false }) : undefined
  const baseline = rawEncoder(input, OPTIONS, perPicture, { palette })
  let peakRss = warm.peakRss
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
    peer: { bytes: peer.buffer.length, cpuMs: peer.cpuMs, note: peer.note }
  }
  const warmBaseline = baseline ? await measured(baseline) : undefined
  const pairs = pixels > BIG_PIXELS || (warmBaseline?.ms ?? 0) > SLOW_MS ? FEW_PAIRS : PAIRS
  const pluginTimes: number[] = []
  const baselineTimes: number[] = []
  const ratios: number[] = []
  const runPlugin = async (): Promise<number> => {
    const run = await measured(() => compress(image, OPTIONS))
    peakRss = Math.max(peakRss, run.peakRss)
    return run.cpuMs
  }
  for (let i = 0; i < pairs; i++) {
    // Alternate the order, so none always runs on a warmer cache. Times are CPU times (all threads).
    let p = Number.NaN
    let b = Number.NaN
    if (i % 2 === 0) p = await runPlugin()
    if (baseline) b = (await measured(baseline)).cpuMs
    if (i % 2 === 1) p = await runPlugin()
    pluginTimes.push(p)
    if (baseline) {
      baselineTimes.push(b)
      ratios.push(p / b)
    }
  }
  row.q80.cpuMs = median(pluginTimes)
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
      row.peer.judged = await judge(stored.input, stored.peer)
      const show = (v: Variant): string => (v.judged ? v.judged.butteraugli3.toFixed(3) : 'n/a')
      console.log(`judged ${row.file}: Butteraugli 3-norm q80 ${show(row.q80)}, Squoosh ${show(row.peer)}`)
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
  await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
    .jpeg()
    .toBuffer()
  const baseline = process.memoryUsage.rss()
  const input = readFileSync(path)
  await compress({ buffer: input, fileName: path, extname: '', contentType: '' }, OPTIONS)
  process.stdout.write(JSON.stringify({ baseline, peak: highWaterMarkBytes() ?? Number.NaN }))
}

async function main(): Promise<void> {
  const dir = resolve(process.argv[2] ?? 'bench/corpus')
  const files = readdirSync(dir)
    .filter((f) => statSync(join(dir, f)).isFile() && !/\.(tsv|md|txt)$/i.test(f))
    .sort()
  if (!files.length) throw new Error(`No images in ${dir}`)
  await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
    .jpeg()
    .toBuffer() // load libvips
  const nodeBaselineRss = process.memoryUsage.rss()
  const loadBefore = loadavg()
  const started = Date.now()
  const { rows, timingMinutes, othersCores } = await timeEveryImage(dir, files)
  const judged = judgeAvailable()
  if (judged) await judgeAll(rows)
  else console.log(`Butteraugli and SSIMULACRA not found on PATH: judge columns left empty. Install with: ${INSTALL_HINT}`)
  const longRunPeak = highWaterMarkBytes() ?? Number.NaN
  const probeBaselines = probeBigImages(dir, rows)
  const { markdown, targets } = renderCompressReport({
    dir,
    rows,
    judged,
    options: { quality: OPTIONS.quality, convertTo: OPTIONS.convertTo, defaultQuality: OPTIONS.quality },
    pairs: { usual: PAIRS, few: FEW_PAIRS, bigPixels: BIG_PIXELS, slowMs: SLOW_MS },
    load: { before: loadBefore, after: loadavg(), othersCores },
    minutes: { run: (Date.now() - started) / 60000, timings: timingMinutes },
    memory: { nodeBaselineRss, longRunPeak, probeBaselines }
  })
  const out = resolve('bench/results/compress.md')
  mkdirSync(resolve('bench/results'), { recursive: true })
  writeFileSync(out, markdown)
  console.log(targets)
  console.log(`Written to ${out}`)
}

/** Every image's row, one after the other, and how many cores other processes kept busy meanwhile. */
async function timeEveryImage(dir: string, files: readonly string[]): Promise<{ rows: Row[]; timingMinutes: number; othersCores: number }> {
  const started = Date.now()
  const machineBefore = machineCpu()
  const ownBefore = process.cpuUsage()
  const rows: Row[] = []
  for (const file of files) {
    const row = await benchImage(dir, file)
    rows.push(row)
    console.log(
      `${file}: ${fixed(row.outBytes / row.inBytes, 3)} of ${formatBytes(row.inBytes)}, SSIM ${fixed(row.ssim, 4)}, ` +
        `time ×${fixed(row.timeRatio, 3)} (${fixed(row.pluginMs, 0)} / ${fixed(row.baselineMs, 0)} ms, ${row.pairs} pairs), ${row.note}`
    )
  }
  const machineAfter = machineCpu()
  const ownCpu = process.cpuUsage(ownBefore)
  const timingMinutes = (Date.now() - started) / 60000
  // CPU the rest of the machine used while the timings ran, in cores: how shared the CPU was.
  const othersCores =
    machineBefore && machineAfter
      ? Math.max(0, machineAfter.busyMs - machineBefore.busyMs - (ownCpu.user + ownCpu.system) / 1000) / (timingMinutes * 60000)
      : Number.NaN
  return { rows, timingMinutes, othersCores }
}

/** The memory probe of the largest image and of each over BIG_PIXELS, into their rows; returns the probes' baselines. */
function probeBigImages(dir: string, rows: Row[]): number[] {
  const probeBaselines: number[] = []
  const largest = rows.reduce((a, b) => (b.pixels > a.pixels ? b : a))
  for (const row of rows.filter((r) => r.pixels > BIG_PIXELS || r === largest)) {
    const { baseline, peak } = probeMemory(join(dir, row.file))
    row.isolatedPeak = peak - baseline
    probeBaselines.push(baseline)
    console.log(`${row.file}: peak RSS ${mb(peak)} in its own process (${mb(baseline)} before)`)
  }
  return probeBaselines
}

const run = process.argv[2] === '--probe' ? probe(process.argv[3] ?? '') : main().then(pixelBudgetBench).then(avifCostBench)
run.catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
