// `npm run bench:formats [corpusDir]`: the three settings of "formats" side by side on the corpus, at the default
// quality: "same" (every picture keeps its format, the behaviour before issue 28), "compatible" (the default) and
// "modern". Bytes against the originals (what PicGo's built-in uploader stores), the compression CPU of this process
// (all threads; the three alternate per file, the faster of two runs kept), and three judges on every stored image
// (judge.ts: Butteraugli 3-norm and max, SSIMULACRA; lower is better, a kept original scores 0). Writes
// bench/results/formats.md with PASS/FAIL per target.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DEFAULTS, type FormatMode } from '../src/settings/config'
import { formatBytes } from '../src/errors/format-bytes'
import { compressOptionsOf } from '../src/transformers'
import { compress } from '../src/transformers/compress'
import { REPO_ROOT } from '../tools/picgo-home'
import { readCorpus } from './corpus'
import { describeScores, judge, judgeAvailable, judgeTargetRows, type JudgeScores } from './judge'
import { verdict, writeResults } from './results-file'

const MODES: readonly FormatMode[] = ['same', 'compatible', 'modern']
const ROUNDS = 2
const TARGETS = { compatibleBytes: 0.29, modernBytes: 0.22 }

interface Stored {
  bytes: number
  cpuMs: number
  format: string
  scores?: JudgeScores
}

interface Row {
  file: string
  inBytes: number
  byMode: Record<FormatMode, Stored>
}

async function store(input: Buffer, name: string, formats: FormatMode): Promise<{ buffer: Buffer; format: string; cpuMs: number }> {
  const before = process.cpuUsage()
  const image = await compress(
    { buffer: input, fileName: name, extname: '', contentType: 'application/octet-stream' },
    compressOptionsOf({ ...DEFAULTS, formats })
  )
  const used = process.cpuUsage(before)
  return { buffer: image.buffer, format: image.extname.slice(1), cpuMs: (used.user + used.system) / 1000 }
}

async function measure(path: string, name: string, judged: boolean): Promise<Row> {
  const input = readFileSync(path)
  const byMode = {} as Record<FormatMode, Stored>
  // Modes that store the same bytes share one judgement.
  const judgements = new Map<string, Promise<JudgeScores | undefined>>()
  const judgeOnce = (stored: Buffer): Promise<JudgeScores | undefined> => {
    const digest = createHash('sha256').update(stored).digest('hex')
    if (!judgements.has(digest)) judgements.set(digest, judge(input, stored))
    return judgements.get(digest)!
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const mode of round % 2 === 0 ? MODES : [...MODES].reverse()) {
      const result = await store(input, name, mode)
      const earlier = byMode[mode]
      byMode[mode] = { bytes: result.buffer.length, format: result.format, cpuMs: Math.min(earlier?.cpuMs ?? Infinity, result.cpuMs), scores: earlier?.scores }
      if (round === 0 && judged) byMode[mode].scores = await judgeOnce(result.buffer)
    }
  }
  return { file: name, inBytes: input.length, byMode }
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0)
const scoresOf = (rows: readonly Row[], mode: FormatMode): Array<JudgeScores | undefined> => rows.map((row) => row.byMode[mode].scores)
async function main(): Promise<void> {
  const dir = process.argv[2] ?? join(REPO_ROOT, 'bench', 'corpus')
  const judged = judgeAvailable()
  const rows: Row[] = []
  for (const file of await readCorpus(dir)) {
    rows.push(await measure(file.path, file.name, judged))
    const row = rows.at(-1)!
    console.log(`${row.file}: ${MODES.map((mode) => `${mode} ${formatBytes(row.byMode[mode].bytes)} ${row.byMode[mode].format}`).join(', ')}`)
  }
  const inBytes = sum(rows.map((row) => row.inBytes))
  const bytesOf = (mode: FormatMode): number => sum(rows.map((row) => row.byMode[mode].bytes))
  const cpuOf = (mode: FormatMode): number => sum(rows.map((row) => row.byMode[mode].cpuMs))
  const ratio = (mode: FormatMode): number => bytesOf(mode) / inBytes
  const summary = [
    '# Formats per picture: `npm run bench:formats`',
    '',
    `Corpus \`${dir}\`: ${rows.length} files, ${formatBytes(inBytes)}. Default settings (quality ${DEFAULTS.quality}), each "formats" value; ` +
      `CPU of this process, the faster of ${ROUNDS} alternating runs per file. Judges: Butteraugli 3-norm, Butteraugli max, SSIMULACRA ` +
      '(bench/judge.ts), lower is better. "same" is the behaviour before issue 28 except that a static GIF stays a GIF and a palette PNG of flat art is not dithered (bench:palette).',
    '',
    '| target | value | result |',
    '|---|---|---|',
    `| compatible: bytes ≤ ${TARGETS.compatibleBytes} × the originals | ${ratio('compatible').toFixed(3)} × | ${verdict(ratio('compatible') <= TARGETS.compatibleBytes)} |`,
    ...judgeTargetRows('compatible', 'same', scoresOf(rows, 'compatible'), scoresOf(rows, 'same'), judged),
    `| compatible: compression CPU ≤ same's | ${(cpuOf('compatible') / 1000).toFixed(1)} s vs ${(cpuOf('same') / 1000).toFixed(1)} s | ${verdict(cpuOf('compatible') <= cpuOf('same'))} |`,
    `| modern: bytes ≤ ${TARGETS.modernBytes} × the originals | ${ratio('modern').toFixed(3)} × | ${verdict(ratio('modern') <= TARGETS.modernBytes)} |`,
    ...judgeTargetRows('modern', 'same', scoresOf(rows, 'modern'), scoresOf(rows, 'same'), judged),
    '',
    '| mode | bytes | × originals | CPU |',
    '|---|---|---|---|',
    ...MODES.map((mode) => `| ${mode} | ${formatBytes(bytesOf(mode))} | ${ratio(mode).toFixed(3)} | ${(cpuOf(mode) / 1000).toFixed(1)} s |`),
    ''
  ]
  const perFile = [
    '| file | input | ' + MODES.map((mode) => `${mode}: bytes, format, B3 / Bmax / SSIMULACRA`).join(' | ') + ' |',
    '|---|---|' + MODES.map(() => '---|').join(''),
    ...rows.map(
      (row) =>
        `| ${row.file} | ${formatBytes(row.inBytes)} | ` +
        MODES.map((mode) => {
          const stored = row.byMode[mode]
          return `${formatBytes(stored.bytes)}, ${stored.format}, ${describeScores(stored.scores)}`
        }).join(' | ') +
        ' |'
    ),
    ''
  ]
  console.log(summary.join('\n'))
  writeResults('formats.md', [...summary, ...perFile].join('\n'))
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
