// `npm run bench:restore [files] [sizeMB] [concurrency]`: peak memory of `picgo aliyun-oss-plus restore` on large
// files (4 sparse files of 768 MB at --concurrency 4 by default: no disk used, the bytes are zeros), through the
// real picgo CLI, to the local OSS server in its own process (which holds what arrives). Restore reads each file as
// ranges, so its peak RSS may exceed a restore of one tiny file by at most twice what is read and in flight
// (concurrency × (4 parts × 5 MiB + the check's 4 MiB chunk)) and RESTORE_SLACK, whatever the files' size.
// Measured here, never in a test.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { crc64Digest, crc64Start, crc64Update } from '../src/oss/crc64'
import { PICGO_BIN, runProcess } from '../tools/picgo-home'
import { BENCH_ACCESS, startOssProcess } from './oss-process'
import { pluginHome } from './picgo-homes'
import type { ProcessUsage } from './report-usage'
import { writeResults } from './results-file'

const MB = 1024 * 1024
const PARTS_IN_FLIGHT = 4
const PART_BYTES = 5 * MB
const CHECK_CHUNK_BYTES = 4 * MB
/** A part's buffer is done with after its request but held until the next garbage collection: twice the bytes in flight. */
const UNTIL_COLLECTED = 2
/** ali-oss's and Node's request buffers. */
const RESTORE_SLACK = 64 * MB

interface Run {
  name: string
  wallMs: number
  rssBytes: number
  exitCode: number | null
  stored: string
}

async function main(): Promise<void> {
  const [files, sizeMb, concurrency] = [Number(process.argv[2] ?? 4), Number(process.argv[3] ?? 768), Number(process.argv[4] ?? 4)]
  if (![files, sizeMb, concurrency].every((n) => Number.isInteger(n) && n > 0))
    throw new Error('[bench] usage: restore-large.js [files] [sizeMB] [concurrency]')
  const work = mkdtempSync(join(tmpdir(), 'picgo-restore-'))
  const server = await startOssProcess(BENCH_ACCESS)
  try {
    const home = pluginHome(work, { ...BENCH_ACCESS, url: server.url })
    const tiny = await restore(home, sparseBackup(join(work, 'tiny'), 1, 1024), concurrency, 'one 1 KB file')
    await server.clear()
    const large = await restore(home, sparseBackup(join(work, 'large'), files, sizeMb * MB), concurrency, `${files} × ${sizeMb} MB`)
    const report = renderReport({ files, sizeMb, concurrency }, tiny, large)
    writeResults('restore-large.md', report)
  } finally {
    await server.stop()
    rmSync(work, { recursive: true, force: true })
  }
}

/** A backup folder of `count` sparse files of `size` bytes and the manifest a backup would have written for them. */
function sparseBackup(folder: string, count: number, size: number): string {
  mkdirSync(folder, { recursive: true })
  const objects: Record<string, unknown> = {}
  const crc64 = crc64OfZeros(size)
  for (let i = 0; i < count; i++) {
    const key = `restore-bench/${i}.bin`
    mkdirSync(join(folder, 'restore-bench'), { recursive: true })
    writeFileSync(join(folder, key), '')
    truncateSync(join(folder, key), size)
    objects[key] = { path: key, size, etag: 'BENCH', crc64, savedAt: new Date().toISOString() }
  }
  writeFileSync(join(folder, '.aliyun-oss-plus-backup.json'), JSON.stringify({ version: 1, bucket: BENCH_ACCESS.bucket, objects }))
  return folder
}

function crc64OfZeros(size: number): string {
  const zeros = Buffer.alloc(64 * MB)
  const state = crc64Start()
  for (let left = size; left > 0; left -= zeros.length) crc64Update(state, zeros.subarray(0, Math.min(left, zeros.length)))
  return crc64Digest(state)
}

async function restore(home: { home: string; configPath: string }, folder: string, concurrency: number, name: string): Promise<Run> {
  const usageFile = `${folder}-usage.json`
  const args = [
    '-r',
    join(__dirname, 'report-usage.js'),
    PICGO_BIN,
    '-c',
    home.configPath,
    'aliyun-oss-plus',
    'restore',
    folder,
    '--concurrency',
    String(concurrency)
  ]
  const started = process.hrtime.bigint()
  const result = await runProcess(process.execPath, args, home.home, { ...process.env, FORCE_COLOR: '0', BENCH_USAGE_FILE: usageFile })
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6
  const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as ProcessUsage
  const stored = /restore of .*$/m.exec(result.stdout)?.[0] ?? ''
  if (result.code !== 0) throw new Error(`[bench] restore of ${name} failed:\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`)
  const run = { name, wallMs, rssBytes: usage.maxRssBytes, exitCode: result.code, stored }
  console.log(`${name.padEnd(16)} ${(wallMs / 1000).toFixed(1)} s  peak rss ${(run.rssBytes / MB).toFixed(0)} MB  ${stored}`)
  return run
}

function renderReport(options: { files: number; sizeMb: number; concurrency: number }, tiny: Run, large: Run): string {
  const mb = (n: number): string => `${(n / MB).toFixed(1)} MB`
  const allowance = UNTIL_COLLECTED * options.concurrency * (PARTS_IN_FLIGHT * PART_BYTES + CHECK_CHUNK_BYTES) + RESTORE_SLACK
  const extra = large.rssBytes - tiny.rssBytes
  const pass = extra <= allowance
  return [
    '# Restore of large files: peak memory',
    '',
    `Generated by \`npm run bench:restore ${options.files} ${options.sizeMb} ${options.concurrency}\` on ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}; ` +
      `${availableParallelism()} × ${cpus()[0]?.model.trim() ?? 'CPU'}, Node ${process.version}. ` +
      `\`picgo aliyun-oss-plus restore --concurrency ${options.concurrency}\` through the real picgo CLI to the local OSS server in its own process; ` +
      "the backed-up files are sparse (zeros, no disk used), each checked against the manifest's CRC-64 and then sent in parts read as ranges.",
    '',
    '| backup | wall time | peak RSS of picgo |',
    '|---|---:|---:|',
    `| ${tiny.name} | ${(tiny.wallMs / 1000).toFixed(1)} s | ${mb(tiny.rssBytes)} |`,
    `| ${large.name} (${mb(options.files * options.sizeMb * MB)} in all) | ${(large.wallMs / 1000).toFixed(1)} s | ${mb(large.rssBytes)} |`,
    '',
    '```',
    `${pass ? 'PASS' : 'FAIL'}  peak RSS ≤ the tiny restore's + ${mb(allowance)} (${UNTIL_COLLECTED} × ${options.concurrency} × (${PARTS_IN_FLIGHT} parts × ${mb(PART_BYTES)} + ${mb(CHECK_CHUNK_BYTES)}) + ${mb(RESTORE_SLACK)}): ` +
      `${mb(large.rssBytes)} vs ${mb(tiny.rssBytes)} (+${mb(extra)})`,
    '```',
    '',
    'Before issue 24 restore read each file whole (and refused one over 2 GiB): its peak grew by the size of the files in flight.',
    ''
  ].join('\n')
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
