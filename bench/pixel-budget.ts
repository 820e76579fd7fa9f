/**
 * Peak RSS of `picgo upload` of eight 100-megapixel PNGs with the plugin's default settings, on this machine and
 * simulated at 16 cores (os.availableParallelism and os.cpus report 16, so compression may run 16 at once and
 * only the pixel budget holds it back), and once with "formats": "same" (every PNG stays a palette PNG, the
 * hungriest encode). Two targets per run: peak RSS within 1.5 GB, and peak RSS minus the input bytes PicGo itself
 * holds (it reads every file into memory before the uploader runs; the built-in uploader pays the same) within
 * 0.7 GB: what the plugin adds.
 *
 *   npm run build && npm run build:tools && node build/bench/pixel-budget.js
 *
 * Also run at the end of `npm run bench:compress`. The images are made here (about a minute), never in tests. Beside
 * the runs, one scan's JPEG both ways (one pass, as the plugin writes pictures this big, and mozjpeg's optimised
 * encode): what the one pass costs in bytes. Writes bench/results/pixel-budget.md.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { formatBytes } from '../src/errors/format-bytes'
import { encoderOptions } from '../src/image/encoder-options'
import { PIXEL_BUDGET } from '../src/uploader/pixel-budget'
import { startOssServer } from '../tools/oss-server'
import { linkPlugin, PICGO_BIN, writePicGoConfig } from '../tools/picgo-home'
import { spawn } from 'node:child_process'
import { writeResults } from './results-file'

const SIDE = 10_000 // 100 megapixels, the largest image the plugin decodes
const COUNT = 8
const LIMIT_BYTES = 1.5 * 1024 ** 3
const OVER_INPUTS_LIMIT_BYTES = 0.7 * 1024 ** 3
const CREDENTIALS = { accessKeyId: 'bench-ak', accessKeySecret: 'bench-secret-0123456789' }

/** A 100 MP photo-like PNG: a small noisy picture scaled up, so it compresses to tens of MB, not 300. */
async function bigPng(): Promise<Buffer> {
  const tile = await sharp({ create: { width: 500, height: 500, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
    .blur(1.5)
    .png()
    .toBuffer()
  return sharp(tile).resize(SIDE, SIDE, { kernel: 'cubic' }).png({ compressionLevel: 6 }).toBuffer()
}

/** The same pixels with a distinct tEXt chunk after IHDR: eight different files, so none is deduplicated. */
function variant(png: Buffer, n: number): Buffer {
  const data = Buffer.from(`Comment\0copy ${n}`, 'latin1')
  const chunk = Buffer.alloc(12 + data.length)
  chunk.writeUInt32BE(data.length, 0)
  chunk.write('tEXt', 4, 'latin1')
  data.copy(chunk, 8)
  chunk.writeInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length)
  return Buffer.concat([png.subarray(0, 33), chunk, png.subarray(33)])
}

function crc32(bytes: Buffer): number {
  let crc = ~0
  for (const byte of bytes) {
    crc ^= byte
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1))
  }
  return ~crc | 0
}

/** Runs the picgo CLI and samples its VmHWM (peak RSS) until it exits. */
function peakRssOf(args: string[], cwd: string): Promise<{ peak: number; code: number | null; tail: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] })
    let peak = 0
    let output = ''
    const sample = (): void => {
      try {
        const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))
        if (match) peak = Math.max(peak, Number(match[1]) * 1024)
      } catch {
        /* exited */
      }
    }
    const timer = setInterval(sample, 50)
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      sample()
    })
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.on('error', reject)
    child.on('exit', (code) => {
      clearInterval(timer)
      resolve({ peak, code, tail: output.trim().split('\n').slice(-3).join(' | ') })
    })
  })
}

const FAKE_16_CORES = `const os = require('os')
const one = os.cpus()[0]
os.cpus = () => Array.from({ length: 16 }, () => one)
os.availableParallelism = () => 16
`

/** One scan's JPEG at the default quality, in one pass and optimised: bytes and CPU. */
async function onePassCost(png: Buffer): Promise<string> {
  const encode = async (onePass: boolean): Promise<{ bytes: number; cpuS: number }> => {
    const before = process.cpuUsage()
    const jpeg = await sharp(png, { limitInputPixels: false })
      .jpeg(encoderOptions('jpeg', 80, { onePass }))
      .toBuffer()
    const used = process.cpuUsage(before)
    return { bytes: jpeg.length, cpuS: (used.user + used.system) / 1e6 }
  }
  const one = await encode(true)
  const optimised = await encode(false)
  return (
    `One scan as a JPEG at q80: in one pass ${formatBytes(one.bytes)} in ${one.cpuS.toFixed(1)} s CPU, optimised (mozjpeg: trellis, ` +
    `progressive, Huffman optimisation) ${formatBytes(optimised.bytes)} in ${optimised.cpuS.toFixed(1)} s: one pass stores ` +
    `${((one.bytes / optimised.bytes - 1) * 100).toFixed(0)} % more bytes.`
  )
}

function report(made: string, lines: readonly string[], onePass: string): string {
  return [
    '# Memory of 100-megapixel uploads: `npm run bench:pixel-budget`',
    '',
    `\`picgo upload\` of ${made}. Peak RSS (VmHWM) of the picgo process, sampled every 50 ms; "minus the inputs": minus the bytes ` +
      'of the files PicGo reads into memory before the uploader runs (the built-in uploader holds them too). 16 cores are simulated ' +
      'by a preload that makes os.cpus() and os.availableParallelism() report 16.',
    '',
    ...lines,
    '',
    onePass,
    ''
  ].join('\n')
}

export async function pixelBudgetBench(): Promise<boolean> {
  const root = join(tmpdir(), `pixel-budget-${process.pid}`)
  mkdirSync(root, { recursive: true })
  const server = await startOssServer({ credentials: [CREDENTIALS] })
  try {
    const started = Date.now()
    const png = await bigPng()
    let inputs = 0 // the bytes PicGo will hold: it reads every file before the uploader runs
    const files = Array.from({ length: COUNT }, (_, n) => {
      const file = join(root, `scan-${n + 1}.png`)
      const bytes = variant(png, n + 1)
      inputs += bytes.length
      writeFileSync(file, bytes)
      return file
    })
    const made = `${COUNT} PNGs of ${SIDE}×${SIDE} (${(png.length / 1024 ** 2).toFixed(1)} MB each) made in ${((Date.now() - started) / 1000).toFixed(0)} s; budget ${PIXEL_BUDGET / 1e6} MP`
    console.log(`pixel budget: ${made}`)
    const lines: string[] = []
    const shim = join(root, 'fake-16-cores.js')
    writeFileSync(shim, FAKE_16_CORES)
    const runs: ReadonlyArray<{ label: string; preload: readonly string[]; formats?: string }> = [
      { label: `this machine (${cpus().length} cores)`, preload: [] },
      { label: '16 cores (simulated)', preload: ['--require', shim] },
      { label: `this machine, formats "same"`, preload: [], formats: 'same' }
    ]
    let pass = true
    for (const [index, { label, preload, formats }] of runs.entries()) {
      const home = join(root, `home-${index}`)
      rmSync(home, { recursive: true, force: true })
      mkdirSync(home, { recursive: true })
      linkPlugin(home)
      const config = writePicGoConfig(home, {
        ...CREDENTIALS,
        bucket: 'test-bucket',
        region: 'oss-cn-hangzhou',
        endpoint: server.url,
        customUrl: `${server.url}/test-bucket`,
        timeout: 600_000,
        ...(formats ? { formats } : {})
      })
      const runStarted = Date.now()
      const { peak, code, tail } = await peakRssOf([...preload, PICGO_BIN, '-c', config, 'upload', ...files], home)
      const ok = code === 0 && peak > 0 && peak <= LIMIT_BYTES
      const added = peak - inputs
      const addedOk = code === 0 && peak > 0 && added <= OVER_INPUTS_LIMIT_BYTES
      pass &&= ok && addedOk
      const mb = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(0)} MB`
      lines.push(
        `${ok ? 'PASS' : 'FAIL'} peak RSS of \`picgo upload\` of ${COUNT} × 100 MP PNGs, ${label}: ` +
          `${mb(peak)} (limit ${mb(LIMIT_BYTES)}), ${((Date.now() - runStarted) / 1000).toFixed(0)} s, exit ${code}` +
          (code === 0 ? '' : ` (${tail})`),
        `${addedOk ? 'PASS' : 'FAIL'} peak RSS minus the ${mb(inputs)} of inputs PicGo holds, ${label}: ${mb(added)} (limit ${mb(OVER_INPUTS_LIMIT_BYTES)})`
      )
      console.log(lines.slice(-2).join('\n'))
    }
    writeResults('pixel-budget.md', report(made, lines, await onePassCost(png)))
    return pass
  } finally {
    await server.close()
    rmSync(root, { recursive: true, force: true })
  }
}

if (require.main === module) {
  pixelBudgetBench().then(
    (pass) => {
      process.exitCode = pass ? 0 : 1
    },
    (error: unknown) => {
      console.error(error)
      process.exitCode = 1
    }
  )
}
