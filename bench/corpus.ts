// The images the benchmark uploads: the corpus folder, its quick subset, and a batch of 20 distinct
// phone photos made from the corpus's phone and camera JPEGs.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { basename, extname, join } from 'node:path'
import sharp from 'sharp'
import { walkJpeg } from '../src/image/jpeg-segments'

export interface CorpusFile {
  path: string
  name: string
  bytes: number
  /** width × height of the (first frame of the) image, 0 when sharp cannot read it. */
  pixels: number
}

const IMAGE_FILE = /\.(jpe?g|png|gif|webp|avif|svg|tiff?|bmp)$/i
const PHONE_PHOTO = /(phone|camera).*\.jpe?g$/i
const QUICK_PER_TYPE = 2

/** Every image file directly in `dir`, by name. */
export async function readCorpus(dir: string): Promise<CorpusFile[]> {
  const names = readdirSync(dir)
    .filter((name) => IMAGE_FILE.test(name))
    .sort()
  if (names.length === 0) throw new Error(`[bench] Expected image files in the corpus folder ${dir} but found none.`)
  return Promise.all(names.map((name) => describe(join(dir, name))))
}

/** The quick subset: the smallest QUICK_PER_TYPE files of each extension. */
export function quickSubset(files: readonly CorpusFile[]): CorpusFile[] {
  const byType = new Map<string, CorpusFile[]>()
  for (const file of files) {
    const type = extname(file.name).toLowerCase().replace('jpeg', 'jpg')
    byType.set(type, [...(byType.get(type) ?? []), file])
  }
  return [...byType.values()].flatMap((group) => [...group].sort((a, b) => a.bytes - b.bytes).slice(0, QUICK_PER_TYPE))
}

export interface PhoneBatch {
  files: CorpusFile[]
  /** The distinct corpus photos the batch is made from. */
  sources: string[]
  /** How the copies were made distinct, for the report. */
  note: string
}

/**
 * `count` distinct phone photos written to `dir`, cycling over the corpus's phone/camera JPEGs (all
 * JPEGs if it has none named so). The first round is byte-exact copies. A repeated photo needs other
 * pixels, not just other bytes: the plugin names objects by the hash of its compressed output, so a
 * byte appended after the EOI marker is dropped by the re-encode and every repeat would collapse
 * into one object. Repeat r instead has one step of the file's first quantisation table raised by
 * r: the highest-frequency step whose change alters at least MIN_CHANGED_SHARE of the decoded bytes
 * (high-quality phone JPEGs have little energy left at the highest frequencies, and a change of a
 * few pixels can vanish in the plugin's re-encode). Same file size, an invisibly different image.
 */
export async function makePhoneBatch(corpus: readonly CorpusFile[], dir: string, count: number): Promise<PhoneBatch | undefined> {
  const jpegs = corpus.filter((file) => /\.jpe?g$/i.test(file.name))
  const phones = jpegs.filter((file) => PHONE_PHOTO.test(file.name))
  const sources = phones.length > 0 ? phones : jpegs
  if (sources.length === 0) return undefined
  const entries = new Map<string, number>()
  const files: CorpusFile[] = []
  for (let index = 0; index < count; index++) {
    const source = sources[index % sources.length] as CorpusFile
    const repeat = Math.floor(index / sources.length)
    let bytes: Buffer = readFileSync(source.path)
    if (repeat > 0) {
      const entry = entries.get(source.path) ?? (await changingEntry(bytes))
      entries.set(source.path, entry)
      bytes = withNudgedQuantisation(bytes, repeat, entry)
    }
    const path = join(dir, `batch-${String(index + 1).padStart(2, '0')}-${source.name}`)
    writeFileSync(path, bytes)
    files.push({ ...source, path, name: basename(path) })
  }
  const note =
    `${count} phone photos from ${sources.length} distinct corpus JPEGs` +
    (count > sources.length
      ? '; each repeat has one quantisation step raised (same size, invisibly different pixels), so it is another image with its own content hash, not a byte-level copy'
      : '')
  return { files, sources: sources.map((file) => file.name), note }
}

/** Share of decoded bytes a repeat must change to be another image after the plugin's re-encode. */
const MIN_CHANGED_SHARE = 0.005
const ENTRY_STRIDE = 4

/** The highest zigzag entry (63, 59, …) whose +1 changes at least MIN_CHANGED_SHARE of the decoded bytes. */
async function changingEntry(jpeg: Buffer): Promise<number> {
  const original = await decodeRaw(jpeg)
  for (let entry = 63; entry >= 1; entry -= ENTRY_STRIDE) {
    const nudged = await decodeRaw(withNudgedQuantisation(jpeg, 1, entry))
    let changed = 0
    for (let i = 0; i < nudged.length; i++) if (nudged[i] !== original[i]) changed++
    if (changed >= MIN_CHANGED_SHARE * nudged.length) return entry
  }
  return 1
}

function decodeRaw(jpeg: Buffer): Promise<Buffer> {
  return sharp(jpeg, { limitInputPixels: false, failOn: 'none' }).raw().toBuffer()
}

/** A 16×16 PNG: uploading it measures PicGo's baseline memory and start-up time. */
export async function writeTinyImage(path: string): Promise<CorpusFile> {
  await sharp({ create: { width: 16, height: 16, channels: 3, background: '#3a7bd5' } })
    .png()
    .toFile(path)
  return describe(path)
}

async function describe(path: string): Promise<CorpusFile> {
  let pixels = 0
  try {
    const { width = 0, height = 0 } = await sharp(path, { limitInputPixels: false }).metadata()
    pixels = width * height
  } catch {
    pixels = 0
  }
  return { path, name: basename(path), bytes: statSync(path).size, pixels }
}

/** Raises entry `entry` (zigzag order) of the first DQT table by `step`, or lowers it if that would overflow. */
export function withNudgedQuantisation(jpeg: Buffer, step: number, entry = 63): Buffer {
  const dqt = walkJpeg(jpeg).segments.find((segment) => segment.marker === 0xdb)
  if (!dqt) throw new Error('[bench] Expected a JPEG with a quantisation table (DQT) before its first scan.')
  const out = Buffer.from(jpeg)
  const precision = (out[dqt.start + 4] as number) >> 4
  const at = dqt.start + 5 + (precision === 0 ? entry : 2 * entry)
  const max = precision === 0 ? 255 : 65535
  const value = precision === 0 ? (out[at] as number) : out.readUInt16BE(at)
  const nudged = value + step <= max ? value + step : Math.max(1, value - step)
  if (precision === 0) out[at] = nudged
  else out.writeUInt16BE(nudged, at)
  return out
}
