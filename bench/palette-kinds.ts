// `npm run bench:palette [corpusDir]`: the two ways the plugin makes a lossy palette PNG, side by side on every picture
// it calls flat art (the corpus's PNGs that photo-like.ts does not call photo-like, and bench:paste's Retina
// screenshot): "smooth" (dithered, effort 7: every palette PNG before) against "flat" (no dither, effort 5). Raw
// sharp encodes with the plugin's own encoder options at the default quality; CPU of this process (all threads), the
// faster of two alternating runs; three judges on each output (judge.ts; lower is better). Writes
// bench/results/palette-kinds.md with PASS/FAIL per target.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import sharp from 'sharp'
import { formatBytes } from '../src/errors/format-bytes'
import { encoderOptions, type PaletteKind } from '../src/image/encoder-options'
import { sniffFormat } from '../src/image/image-format'
import { looksLikePhoto } from '../src/image/photo-like'
import { DEFAULTS } from '../src/settings/config'
import { REPO_ROOT } from '../tools/picgo-home'
import { readCorpus } from './corpus'
import { describeScores, judge, judgeAvailable, judgeTargetRows, type JudgeScores } from './judge'
import { pasteImages } from './paste-images'
import { verdict, writeResults } from './results-file'

const KINDS: readonly PaletteKind[] = ['smooth', 'flat']
const ROUNDS = 2

interface Encoded {
  bytes: number
  cpuMs: number
  scores?: JudgeScores
}

interface Row {
  file: string
  byKind: Record<PaletteKind, Encoded>
}

async function encode(input: Buffer, kind: PaletteKind): Promise<{ output: Buffer; cpuMs: number }> {
  const before = process.cpuUsage()
  const output = await sharp(input)
    .keepIccProfile()
    .png(encoderOptions('png', DEFAULTS.quality, { palette: kind }))
    .toBuffer()
  const used = process.cpuUsage(before)
  return { output, cpuMs: (used.user + used.system) / 1000 }
}

async function measure(path: string, judged: boolean): Promise<Row> {
  const input = readFileSync(path)
  const byKind = {} as Record<PaletteKind, Encoded>
  for (let round = 0; round < ROUNDS; round++) {
    for (const kind of round % 2 === 0 ? KINDS : [...KINDS].reverse()) {
      const { output, cpuMs } = await encode(input, kind)
      const earlier = byKind[kind]
      byKind[kind] = { bytes: output.length, cpuMs: Math.min(earlier?.cpuMs ?? Infinity, cpuMs), scores: earlier?.scores }
      if (round === 0 && judged) byKind[kind].scores = await judge(input, output)
    }
  }
  return { file: basename(path), byKind }
}

/** The PNGs the plugin encodes as flat art. */
async function flatArt(dir: string, work: string): Promise<string[]> {
  const pngs = (await readCorpus(dir)).map((file) => file.path).filter((path) => sniffFormat(readFileSync(path)) === 'png')
  const retina = (await pasteImages(dir, work)).find((image) => image.label.startsWith('Retina'))!.path
  const flat: string[] = []
  for (const path of [...pngs, retina]) if (!(await looksLikePhoto(sharp(readFileSync(path))))) flat.push(path)
  return flat
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0)

async function main(): Promise<void> {
  const dir = process.argv[2] ?? join(REPO_ROOT, 'bench', 'corpus')
  const work = mkdtempSync(join(tmpdir(), 'picgo-palette-'))
  try {
    const judged = judgeAvailable()
    const rows: Row[] = []
    for (const path of await flatArt(dir, work)) {
      rows.push(await measure(path, judged))
      const { file, byKind } = rows.at(-1)!
      console.log(`${file}: ${KINDS.map((kind) => `${kind} ${formatBytes(byKind[kind].bytes)} ${byKind[kind].cpuMs.toFixed(0)} ms`).join(', ')}`)
    }
    const bytesOf = (kind: PaletteKind): number => sum(rows.map((row) => row.byKind[kind].bytes))
    const cpuOf = (kind: PaletteKind): number => sum(rows.map((row) => row.byKind[kind].cpuMs))
    const report = [
      '# Palette PNGs of flat art: `npm run bench:palette`',
      '',
      `${rows.length} pictures the plugin calls flat art (the PNGs of \`${dir}\` that photo-like.ts does not call photo-like, and ` +
        `bench:paste's Retina screenshot), quality ${DEFAULTS.quality}. "smooth": dither 0.5, effort 7 (every palette PNG before); "flat": no ` +
        `dither, effort 5. Raw sharp encodes with the plugin's encoder options; CPU of this process, the faster of ${ROUNDS} alternating runs. ` +
        'Judges: Butteraugli 3-norm, Butteraugli max, SSIMULACRA (bench/judge.ts), lower is better.',
      '',
      '| target | value | result |',
      '|---|---|---|',
      `| flat: bytes ≤ smooth's | ${formatBytes(bytesOf('flat'))} vs ${formatBytes(bytesOf('smooth'))} (${((bytesOf('flat') / bytesOf('smooth') - 1) * 100).toFixed(1)} %) | ${verdict(bytesOf('flat') <= bytesOf('smooth'))} |`,
      `| flat: encode CPU ≤ smooth's | ${(cpuOf('flat') / 1000).toFixed(2)} s vs ${(cpuOf('smooth') / 1000).toFixed(2)} s (${((cpuOf('flat') / cpuOf('smooth') - 1) * 100).toFixed(1)} %) | ${verdict(cpuOf('flat') <= cpuOf('smooth'))} |`,
      ...judgeTargetRows(
        'flat',
        'smooth',
        rows.map((row) => row.byKind.flat.scores),
        rows.map((row) => row.byKind.smooth.scores),
        judged
      ),
      '',
      '| file | smooth: bytes, CPU, B3 / Bmax / SSIMULACRA | flat: bytes, CPU, B3 / Bmax / SSIMULACRA |',
      '|---|---|---|',
      ...rows.map(
        ({ file, byKind }) =>
          `| ${file} | ` +
          KINDS.map((kind) => {
            const { bytes, cpuMs, scores } = byKind[kind]
            return `${formatBytes(bytes)}, ${cpuMs.toFixed(0)} ms, ${describeScores(scores)}`
          }).join(' | ') +
          ' |'
      ),
      ''
    ]
    console.log(report.filter((line) => /\*\*(PASS|FAIL)\*\*/.test(line)).join('\n'))
    writeResults('palette-kinds.md', report.join('\n'))
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
