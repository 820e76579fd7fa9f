/**
 * The independent judge of the compression benchmark: Butteraugli (3-norm and max) and SSIMULACRA, the
 * reference tools of Debian's libjxl-devtools (`butteraugli_main`, `ssimulacra_main`). The plugin never
 * uses them. Both images are decoded with sharp at full resolution (first frame, EXIF orientation
 * applied, alpha flattened onto white as a page shows it, 8-bit sRGB) and handed over as PNG files.
 * When the tools are missing, judgeTools() says how to install them and the columns stay empty.
 */
import { execFile, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import sharp from 'sharp'
import { median } from './measurements'
import { verdict } from './results-file'

const run = promisify(execFile)

export interface JudgeScores {
  /** Butteraugli 3-norm: 0 = identical; about 1 is where differences start to be visible. */
  butteraugli3: number
  butteraugliMax: number
  /** SSIMULACRA: 0 = identical; about 0.02 is "hard to tell apart", above 0.1 clearly worse. */
  ssimulacra: number
}

export const INSTALL_HINT = 'apt-get install -y libjxl-devtools (Debian/Ubuntu: butteraugli_main, ssimulacra_main)'

/** The three scores, in the order every report prints them. */
export const JUDGES: ReadonlyArray<keyof JudgeScores> = ['butteraugli3', 'butteraugliMax', 'ssimulacra']

/** "B3 / Bmax / SSIMULACRA" of one stored image, or "n/a" when it was not judged. */
export function describeScores(scores: JudgeScores | undefined): string {
  return scores ? JUDGES.map((score) => scores[score].toFixed(score === 'ssimulacra' ? 4 : 2)).join(' / ') : 'n/a'
}

/**
 * Each judge's worst and median of `mine` against `theirs` (one entry per file, undefined where a file was not
 * judged), one target row each: "| label: worst butteraugli3 ≤ versus's | 3.794 vs 4.030 | **PASS** |". Lower or equal
 * passes; a file left unjudged on either side fails the row.
 */
export function judgeTargetRows(
  label: string,
  versus: string,
  mine: ReadonlyArray<JudgeScores | undefined>,
  theirs: ReadonlyArray<JudgeScores | undefined>,
  judged: boolean
): string[] {
  const valuesOf = (scores: ReadonlyArray<JudgeScores | undefined>, score: keyof JudgeScores): number[] =>
    scores.map((each) => each?.[score]).filter((value): value is number => value !== undefined && !Number.isNaN(value))
  return JUDGES.flatMap((score) =>
    (['worst', 'median'] as const).map((what) => {
      const pick = (values: number[]): number => (what === 'worst' ? Math.max(...values) : median(values))
      const a = valuesOf(mine, score)
      const b = valuesOf(theirs, score)
      const ok = judged && a.length === mine.length && b.length === theirs.length && pick(a) <= pick(b)
      return `| ${label}: ${what} ${score} ≤ ${versus}'s | ${judged ? `${pick(a).toFixed(3)} vs ${pick(b).toFixed(3)}` : `not measured (${INSTALL_HINT})`} | ${verdict(ok)} |`
    })
  )
}

/** True when both tools are on PATH; the benchmark installs nothing itself. */
export function judgeAvailable(): boolean {
  return ['butteraugli_main', 'ssimulacra_main'].every((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0)
}

/** Full-resolution, upright, flattened, 8-bit sRGB pixels as PNG; undefined when sharp cannot decode it (SVG is rendered). */
async function asPng(image: Buffer): Promise<{ png: Buffer; raw: Buffer } | undefined> {
  try {
    const pipeline = sharp(image, { limitInputPixels: false }).autoOrient().flatten({ background: '#ffffff' }).toColourspace('srgb')
    const raw = await pipeline.clone().raw({ depth: 'uchar' }).toBuffer()
    const png = await pipeline.png({ compressionLevel: 1 }).toBuffer()
    return { png, raw }
  } catch {
    return undefined
  }
}

/** Scores of `stored` against `original`; all 0 when the pixels are identical (a kept or losslessly stripped original). */
export async function judge(original: Buffer, stored: Buffer): Promise<JudgeScores | undefined> {
  const [a, b] = await Promise.all([asPng(original), asPng(stored)])
  if (!a || !b) return undefined
  if (a.raw.equals(b.raw)) return { butteraugli3: 0, butteraugliMax: 0, ssimulacra: 0 }
  const dir = mkdtempSync(join(tmpdir(), 'judge-'))
  try {
    const reference = join(dir, 'reference.png')
    const distorted = join(dir, 'distorted.png')
    writeFileSync(reference, a.png)
    writeFileSync(distorted, b.png)
    const butteraugli = await run('butteraugli_main', [reference, distorted, '--pnorm', '3'], { maxBuffer: 1 << 20 })
    const [maxLine = '', normLine = ''] = butteraugli.stdout.trim().split('\n')
    const simulacra = await run('ssimulacra_main', [reference, distorted], { maxBuffer: 1 << 20 })
    return {
      butteraugliMax: Number(maxLine.trim()),
      butteraugli3: Number(normLine.replace(/^.*:/, '').trim()),
      ssimulacra: Number(simulacra.stdout.trim())
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
