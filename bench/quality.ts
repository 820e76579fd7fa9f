// What the plugin stored, fetched back from the server and compared with each original file.
import { readFileSync } from 'node:fs'
import { ssim } from './ssim'
import type { CorpusFile } from './corpus'
import { median } from './measurements'

export interface StoredObject {
  file: CorpusFile
  url: string
  body: Buffer
  contentType: string
}

export interface QualityRow {
  name: string
  inputBytes: number
  storedBytes: number
  contentType: string
  /** SSIM of the stored object against the original; undefined when sharp could not compare them. */
  ssim?: number
  error?: string
}

export interface QualitySummary {
  rows: QualityRow[]
  medianSsim: number
  minSsim: number
  worst: string
  /** Files whose stored object is bigger than the input file. */
  biggerThanInput: string[]
  /** Files SSIM could not be computed for. */
  incomparable: string[]
}

/** GETs each URL (one per file, in order) from the local server. Call between measured runs. */
export async function fetchStored(files: readonly CorpusFile[], urls: readonly string[]): Promise<StoredObject[]> {
  const objects: StoredObject[] = []
  for (const [index, file] of files.entries()) {
    const url = urls[index] ?? ''
    const response = await fetch(url)
    if (!response.ok) throw new Error(`[bench] GET ${url} (${file.name}) answered ${response.status}.`)
    const body = Buffer.from(await response.arrayBuffer())
    objects.push({ file, url, body, contentType: response.headers.get('content-type') ?? '' })
  }
  return objects
}

export async function compareWithOriginals(objects: readonly StoredObject[]): Promise<QualitySummary> {
  const rows: QualityRow[] = []
  for (const { file, body, contentType } of objects) {
    const original = readFileSync(file.path)
    const row: QualityRow = { name: file.name, inputBytes: original.length, storedBytes: body.length, contentType }
    try {
      row.ssim = await ssim(original, body)
    } catch (error) {
      row.error = error instanceof Error ? error.message.split('\n')[0] : String(error)
    }
    rows.push(row)
  }
  const scored = rows.filter((row): row is QualityRow & { ssim: number } => row.ssim !== undefined)
  const sorted = [...scored].sort((a, b) => a.ssim - b.ssim)
  return {
    rows,
    medianSsim: median(sorted.map((row) => row.ssim)),
    minSsim: sorted[0]?.ssim ?? NaN,
    worst: sorted[0]?.name ?? '',
    biggerThanInput: rows.filter((row) => row.storedBytes > row.inputBytes).map((row) => row.name),
    incomparable: rows.filter((row) => row.ssim === undefined).map((row) => row.name)
  }
}
