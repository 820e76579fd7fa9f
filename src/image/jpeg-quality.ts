/**
 * Estimates the quality a JPEG was saved at from its quantisation (DQT) tables.
 *
 * libjpeg (and most encoders that take a 1-100 quality) scale the standard tables of
 * ITU T.81 Annex K by `scale = q < 50 ? 5000 / q : 200 - 2q` percent. Inverting that on the
 * tables the file's colour components actually use gives the quality back: exactly for files
 * written by libjpeg, and an "equivalent libjpeg quality" for cameras and encoders with their
 * own tables. Only the markers before the first scan are read; nothing is decoded.
 */
import { walkJpeg } from './jpeg-segments'

/** Annex K.1 luminance table (order does not matter: only sums are compared). */
const STANDARD_LUMA = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103,
  77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99
]
/** Annex K.2 chrominance table. */
const STANDARD_CHROMA = [
  17,
  18,
  24,
  47,
  99,
  99,
  99,
  99,
  18,
  21,
  26,
  66,
  99,
  99,
  99,
  99,
  24,
  26,
  56,
  99,
  99,
  99,
  99,
  99,
  47,
  66,
  99,
  99,
  99,
  99,
  99,
  99,
  ...new Array<number>(32).fill(99)
]

/** Quality 1-100, or undefined when the bytes are not a JPEG with usable quantisation tables. */
export function estimateJpegQuality(jpeg: Uint8Array): number | undefined {
  const tables = readTables(jpeg)
  if (!tables) return undefined
  const luma = tables.byId.get(tables.componentTables[0] ?? -1)
  if (!luma) return undefined
  const chroma = tables.byId.get(tables.componentTables[1] ?? -1)
  // The quality whose libjpeg tables (clamped like libjpeg clamps them) sum closest to these:
  // the inverse of the scaling, exact for libjpeg files even at low qualities where entries clip.
  const actual = luma.sum + (chroma?.sum ?? 0)
  let best = 1
  let bestError = Infinity
  for (let quality = 1; quality <= 100; quality++) {
    const expected = scaledSum(STANDARD_LUMA, quality, luma.max) + (chroma ? scaledSum(STANDARD_CHROMA, quality, chroma.max) : 0)
    const error = Math.abs(expected - actual)
    if (error <= bestError) {
      best = quality
      bestError = error
    }
  }
  return best
}

/** Sum of a standard table as libjpeg scales it for `quality` (jpeg_quality_scaling + clamping). */
function scaledSum(table: readonly number[], quality: number, max: number): number {
  const scale = quality < 50 ? Math.floor(5000 / quality) : 200 - quality * 2
  return table.reduce((total, entry) => total + Math.min(max, Math.max(1, Math.floor((entry * scale + 50) / 100))), 0)
}

interface TableSummary {
  sum: number
  /** Largest entry the table's precision allows: 255 (8-bit) or 32767 (16-bit). */
  max: number
}

interface Tables {
  /** Each defined table id's entry sum and precision. */
  byId: Map<number, TableSummary>
  /** Table id used by each frame component, in component order. */
  componentTables: number[]
}

function readTables(jpeg: Uint8Array): Tables | undefined {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return undefined
  const walk = walkJpeg(jpeg)
  if (walk.end === 'broken') return undefined
  const byId = new Map<number, TableSummary>()
  let componentTables: number[] = []
  for (const { marker, start, end } of walk.segments) {
    if (marker === 0xdb) readDqt(jpeg, start + 4, end, byId)
    else if (isStartOfFrame(marker)) componentTables = readFrameComponents(jpeg, start + 4, end)
  }
  return byId.size > 0 && componentTables.length > 0 ? { byId, componentTables } : undefined
}

/** A DQT segment holds one or more tables: Pq/Tq byte, then 64 entries of 8 or 16 bits. */
function readDqt(jpeg: Uint8Array, start: number, end: number, byId: Map<number, TableSummary>): void {
  let p = start
  while (p < end) {
    const precision = jpeg[p]! >> 4
    const id = jpeg[p]! & 0x0f
    const entrySize = precision === 0 ? 1 : 2
    if (p + 1 + 64 * entrySize > end) return
    let total = 0
    for (let i = 0; i < 64; i++) {
      const at = p + 1 + i * entrySize
      total += entrySize === 1 ? jpeg[at]! : (jpeg[at]! << 8) | jpeg[at + 1]!
    }
    byId.set(id, { sum: total, max: entrySize === 1 ? 255 : 32767 })
    p += 1 + 64 * entrySize
  }
}

/** SOFn: precision, height, width, component count, then (id, sampling, table id) per component. */
function readFrameComponents(jpeg: Uint8Array, start: number, end: number): number[] {
  const count = jpeg[start + 5] ?? 0
  const tables: number[] = []
  for (let i = 0; i < count; i++) {
    const at = start + 6 + i * 3 + 2
    if (at >= end) break
    tables.push(jpeg[at]!)
  }
  return tables
}

/** SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC). */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc
}
