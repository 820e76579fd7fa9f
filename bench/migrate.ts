// `npm run bench:migrate [corpusDir] [--quick]`: `picgo aliyun-oss-plus migrate --in-place` through the real picgo
// CLI over a generated vault (2,000 notes, 5,000 image links, 1,500 distinct images made from the corpus), to the
// local OSS server in its own process; then the same command again. Prints PASS/FAIL per target and writes
// bench/results/migrate.md.
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PIXEL_BUDGET } from '../src/uploader/pixel-budget'
import { PICGO_BIN, REPO_ROOT, runProcess } from '../tools/picgo-home'
import { FULL_VAULT, QUICK_VAULT, writeBenchVault, type VaultSize } from './migrate-vault'
import { BENCH_ACCESS, type OssProcess, startOssProcess, type ServerStats } from './oss-process'
import { pluginHome } from './picgo-homes'
import type { ProcessUsage } from './report-usage'
import { writeResults } from './results-file'

const MB = 1024 * 1024
/** Decoding and encoding cost about 5.5 bytes a pixel (src/uploader/pixel-budget.ts). */
const BYTES_PER_PIXEL = 5.5
const RSS_TARGET = PIXEL_BUDGET * BYTES_PER_PIXEL + 200 * MB

interface Run {
  label: string
  wallMs: number
  usage: ProcessUsage
  stats: ServerStats
  code: number | null
  stdout: string
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick')
  const corpusDir = process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? join(REPO_ROOT, 'bench', 'corpus')
  const size: VaultSize = quick ? QUICK_VAULT : FULL_VAULT
  const work = mkdtempSync(join(tmpdir(), 'picgo-migrate-bench-'))
  const server = await startOssProcess(BENCH_ACCESS)
  try {
    const vault = join(work, 'vault')
    const made = Date.now()
    const { imageBytes } = await writeBenchVault(vault, corpusDir, size)
    console.log(
      `vault: ${size.notes} notes, ${size.links} links, ${size.images} distinct images (${(imageBytes / MB).toFixed(1)} MB), made in ${((Date.now() - made) / 1000).toFixed(1)} s`
    )
    const home = pluginHome(work, { ...BENCH_ACCESS, url: server.url })
    const runs: Run[] = []
    for (const label of ['first run', 'second run']) {
      await server.resetLog()
      const before = label === 'second run' ? vaultDigest(vault) : ''
      const run = await migrate(server, label, home.configPath, home.home, vault)
      runs.push(run)
      console.log(
        `${label}: exit ${run.code}, ${(run.wallMs / 1000).toFixed(1)} s wall, ${((run.usage.userMs + run.usage.systemMs) / 1000).toFixed(1)} s CPU, ` +
          `peak RSS ${(run.usage.maxRssBytes / MB).toFixed(0)} MB, ${(run.stats.bytesIn / MB).toFixed(1)} MB sent, ${JSON.stringify(run.stats.byMethod)}`
      )
      if (label === 'second run') Object.assign(run, { unchanged: vaultDigest(vault) === before })
    }
    const report = renderReport(size, imageBytes, runs, quick)
    writeResults(quick ? 'migrate-quick.md' : 'migrate.md', report)
  } finally {
    await server.stop()
    rmSync(work, { recursive: true, force: true })
  }
}

async function migrate(server: OssProcess, label: string, configPath: string, home: string, vault: string): Promise<Run> {
  const usageFile = join(home, `usage-${label.replace(/ /g, '-')}.json`)
  const args = ['-r', join(__dirname, 'report-usage.js'), PICGO_BIN, '-c', configPath, 'aliyun-oss-plus', 'migrate', vault, '--in-place']
  const started = process.hrtime.bigint()
  const result = await runProcess(process.execPath, args, home, { ...process.env, FORCE_COLOR: '0', BENCH_USAGE_FILE: usageFile })
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6
  for (const line of result.stdout.split('\n')) if (/migrate: \d+ of \d+ images/.test(line)) console.log(`  ${line.trim()}`)
  const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as ProcessUsage
  return { label, wallMs, usage, stats: await server.stats(), code: result.code, stdout: result.stdout }
}

/** The notes' bytes (not the .bak files): what the second run must leave as it is. */
function vaultDigest(folder: string): string {
  const hash = createHash('sha256')
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) walk(path)
      else if (name.endsWith('.md')) hash.update(path).update(readFileSync(path))
    }
  }
  walk(folder)
  return hash.digest('hex')
}

function renderReport(size: VaultSize, imageBytes: number, runs: readonly Run[], quick: boolean): string {
  const [first, second] = runs as [Run, Run & { unchanged?: boolean }]
  const puts = (run: Run): number => (run.stats.byMethod.PUT ?? 0) + (run.stats.byMethod.POST ?? 0)
  const rewritten = (run: Run): number => Number(/(\d+) rewritten/.exec(run.stdout)?.[1] ?? -1)
  const cpu = (run: Run): string => `${((run.usage.userMs + run.usage.systemMs) / 1000).toFixed(1)} s`
  const targets: Array<[boolean, string]> = [
    [first.code === 0 && rewritten(first) === size.notes, `first run migrates every note: exit ${first.code}, ${rewritten(first)} of ${size.notes} rewritten`],
    // Distinct inputs that compress to the same bytes are one object (the uploader's dedupe), so PUTs may be fewer.
    [
      puts(first) === first.stats.objects && puts(first) <= size.images,
      `at most one upload per distinct image, none twice: ${puts(first)} PUT/POST requests, ${first.stats.objects} objects stored, for ${size.images} distinct images (${size.links} links)`
    ],
    [
      first.usage.maxRssBytes <= RSS_TARGET,
      `peak RSS ${(first.usage.maxRssBytes / MB).toFixed(0)} MB ≤ pixel budget (${PIXEL_BUDGET / 1e6} MP × ${BYTES_PER_PIXEL} B = ${((PIXEL_BUDGET * BYTES_PER_PIXEL) / MB).toFixed(0)} MB) + 200 MB = ${(RSS_TARGET / MB).toFixed(0)} MB`
    ],
    [/about .* left/.test(first.stdout), 'progress lines with an ETA'],
    [second.stats.bytesIn === 0 && puts(second) === 0, `second run sends 0 bytes: ${second.stats.bytesIn} B, ${puts(second)} PUT/POST`],
    [
      rewritten(second) === 0 && second.unchanged === true,
      `second run rewrites nothing: ${rewritten(second)} rewritten, notes ${second.unchanged ? 'byte for byte unchanged' : 'CHANGED'}`
    ]
  ]
  const row = (run: Run): string =>
    `| ${run.label} | ${(run.wallMs / 1000).toFixed(1)} s | ${cpu(run)} | ${(run.usage.maxRssBytes / MB).toFixed(0)} MB | ${(run.stats.bytesIn / MB).toFixed(2)} MB | ${run.stats.requests} (${Object.entries(
      run.stats.byMethod
    )
      .map(([m, n]) => `${n} ${m}`)
      .join(', ')}) |`
  return [
    `# \`picgo aliyun-oss-plus migrate --in-place\`${quick ? ' (quick)' : ''}`,
    '',
    `Vault: ${size.notes} notes, ${size.links} image links, ${size.images} distinct images (${(imageBytes / MB).toFixed(1)} MB: the corpus images as they are, and small distinct variants of them), in four link forms, CRLF in every other note. Local OSS server in its own process; 2-core machine shared with other work, so times are indicative.`,
    '',
    ...targets.map(([ok, text]) => `${ok ? 'PASS' : 'FAIL'} ${text}`),
    '',
    '| run | wall | CPU | peak RSS | sent | requests |',
    '|---|---|---|---|---|---|',
    row(first),
    row(second),
    ''
  ].join('\n')
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
