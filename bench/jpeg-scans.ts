// `node build/bench/jpeg-scans.js [corpusDir]`: what mozjpeg's scan optimisation (optimiseScans, part of sharp's
// `mozjpeg: true`) buys on the corpus's JPEGs at the plugin's quality: bytes and encode CPU with and without it,
// the two encodes of each file alternating, two rounds, the faster of each kept. Lossless: the pixels are identical.
// Writes bench/results/jpeg-scans.md.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { REPO_ROOT } from '../tools/picgo-home'
import { readCorpus } from './corpus'

const QUALITY = 80
const ROUNDS = 2

async function cpuOf(input: Buffer, optimiseScans: boolean): Promise<{ bytes: number; cpuMs: number }> {
  const before = process.cpuUsage()
  const out = await sharp(input, { limitInputPixels: false })
    .autoOrient()
    .jpeg({ quality: QUALITY, mozjpeg: true, ...(optimiseScans ? {} : { optimiseScans: false }) })
    .toBuffer()
  const used = process.cpuUsage(before)
  return { bytes: out.length, cpuMs: (used.user + used.system) / 1000 }
}

async function main(): Promise<void> {
  sharp.concurrency(1)
  const files = (await readCorpus(process.argv[2] ?? join(REPO_ROOT, 'bench', 'corpus'))).filter((file) => /\.jpe?g$/i.test(file.name))
  const rows: string[] = []
  const total = { on: { bytes: 0, cpuMs: 0 }, off: { bytes: 0, cpuMs: 0 } }
  for (const file of files) {
    const input = readFileSync(file.path)
    const best = { on: { bytes: 0, cpuMs: Infinity }, off: { bytes: 0, cpuMs: Infinity } }
    for (let round = 0; round < ROUNDS; round++) {
      for (const side of round % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
        const result = await cpuOf(input, side === 'on')
        best[side] = { bytes: result.bytes, cpuMs: Math.min(best[side].cpuMs, result.cpuMs) }
      }
    }
    for (const side of ['on', 'off'] as const) {
      total[side].bytes += best[side].bytes
      total[side].cpuMs += best[side].cpuMs
    }
    rows.push(
      `| ${file.name} | ${best.on.bytes} | ${best.off.bytes} | ${pct(best.off.bytes / best.on.bytes - 1)} | ${best.on.cpuMs.toFixed(0)} | ${best.off.cpuMs.toFixed(0)} |`
    )
    console.log(rows.at(-1))
  }
  const summary =
    `all ${files.length} JPEGs: optimiseScans off stores ${pct(total.off.bytes / total.on.bytes - 1)} bytes for ${pct(total.off.cpuMs / total.on.cpuMs - 1)} encode CPU ` +
    `(${(total.on.cpuMs / 1000).toFixed(2)} s → ${(total.off.cpuMs / 1000).toFixed(2)} s)`
  console.log(summary)
  writeFileSync(
    join(REPO_ROOT, 'bench', 'results', 'jpeg-scans.md'),
    [
      '# mozjpeg scan optimisation: bytes vs CPU (`node build/bench/jpeg-scans.js`)',
      '',
      `Quality ${QUALITY}, sharp \`mozjpeg: true\` with and without \`optimiseScans\` (lossless: same pixels), one libvips thread,`,
      `encode CPU of this process, the faster of ${ROUNDS} alternating runs.`,
      '',
      `**${summary}**`,
      '',
      '| file | bytes, on | bytes, off | bytes Δ | CPU ms, on | CPU ms, off |',
      '|---|---|---|---|---|---|',
      ...rows,
      ''
    ].join('\n')
  )
}

const pct = (share: number): string => `${share >= 0 ? '+' : ''}${(share * 100).toFixed(1)} %`

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
