// The generated vault of `npm run bench:migrate`: notes that link the corpus images themselves and many small
// distinct variants of them, in every link form, with repeats across notes and folders.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { extname, join } from 'node:path'
import sharp from 'sharp'
import { seededRandom } from '../tools/seeded-random'

export interface VaultSize {
  notes: number
  links: number
  images: number
}

export const FULL_VAULT: VaultSize = { notes: 2000, links: 5000, images: 1500 }
export const QUICK_VAULT: VaultSize = { notes: 200, links: 500, images: 150 }

const CORPUS_IMAGE = /\.(jpe?g|png|gif|webp|avif|tiff?)$/i
/** Longest side of a variant: small enough that 1,500 of them compress in minutes on 2 cores. */
const VARIANT_SIZE = 480
const NOTES_PER_FOLDER = 100

/**
 * Writes the vault into `folder`: every corpus image as it is (the big ones exercise the pixel budget), and as many
 * variants as needed for `size.images` distinct images (a corpus image scaled down, one pixel per variant set to
 * its own colour, so every variant is another picture). Link i < images uses image i, later links pick at random.
 */
export async function writeBenchVault(folder: string, corpusDir: string, size: VaultSize): Promise<{ imageBytes: number }> {
  const corpus = readdirSync(corpusDir)
    .filter((name) => CORPUS_IMAGE.test(name))
    .sort()
  const assets = join(folder, 'assets')
  mkdirSync(assets, { recursive: true })
  const names: string[] = []
  let imageBytes = 0
  for (const name of corpus.slice(0, size.images)) {
    const original = readFileSync(join(corpusDir, name))
    writeFileSync(join(assets, name), original)
    imageBytes += original.length
    names.push(name)
  }
  const scaled = await Promise.all(
    corpus
      .filter((name) => !/\.gif$/i.test(name))
      .map(async (name) => {
        const { data, info } = await sharp(join(corpusDir, name))
          .rotate()
          .resize(VARIANT_SIZE, VARIANT_SIZE, { fit: 'inside' })
          .removeAlpha()
          .raw()
          .toBuffer({ resolveWithObject: true })
        return { name, data, info }
      })
  )
  for (let variant = 0; names.length < size.images; variant++) {
    const source = scaled[variant % scaled.length]!
    const pixels = Buffer.from(source.data)
    const at = (Math.floor(variant / scaled.length) * 3) % pixels.length
    pixels[at] = variant & 0xff
    pixels[at + 1] = (variant >> 8) & 0xff
    pixels[at + 2] = 255 - (variant & 0xff)
    const image = sharp(pixels, { raw: { width: source.info.width, height: source.info.height, channels: 3 } })
    const png = /\.png$/i.test(source.name)
    const bytes = png ? await image.png().toBuffer() : await image.jpeg({ quality: 92 }).toBuffer()
    const name = `variant ${String(variant).padStart(4, '0')} ${source.name.replace(extname(source.name), '')}${png ? '.png' : '.jpg'}`
    writeFileSync(join(assets, name), bytes)
    imageBytes += bytes.length
    names.push(name)
  }
  writeNotes(folder, names, size)
  return { imageBytes }
}

function writeNotes(folder: string, images: readonly string[], size: VaultSize): void {
  const random = seededRandom(16)
  const perNote: string[][] = Array.from({ length: size.notes }, () => [])
  for (let link = 0; link < size.links; link++) {
    const image = images[link < images.length ? link : Math.floor(random() * images.length)]!
    perNote[link % size.notes]!.push(image)
  }
  perNote.forEach((linked, index) => {
    const sub = `notes-${String(Math.floor(index / NOTES_PER_FOLDER)).padStart(2, '0')}`
    mkdirSync(join(folder, sub), { recursive: true })
    const lines = [`# Note ${index}`, '', 'Some text before the pictures.  ', '']
    linked.forEach((image, at) => {
      const path = `../assets/${image}`
      switch ((index + at) % 4) {
        case 0:
          lines.push(`![picture ${at}](<${path}> "title ${at}")`)
          break
        case 1:
          lines.push(`![picture ${at}](${encodeURI(path)})`)
          break
        case 2:
          lines.push(`<img src="${path}" alt="picture ${at}" width="400">`)
          break
        default:
          lines.push(`![picture ${at}][ref-${at}]`, '', `[ref-${at}]: <${path}>`)
      }
      lines.push('')
    })
    lines.push('```', `![in a code block](../assets/${linked[0] ?? 'x.png'})`, '```', '')
    writeFileSync(join(folder, sub, `note-${String(index).padStart(4, '0')}.md`), lines.join(index % 2 === 0 ? '\n' : '\r\n'))
  })
}
