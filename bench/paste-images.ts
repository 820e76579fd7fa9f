// The images one paste uploads: a phone photo, a large screenshot, a Retina-size screenshot and a small one, from
// the corpus when it has them, otherwise generated, so the benchmark runs on any machine.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'

export interface PasteImage {
  /** What the report calls it. */
  label: string
  kind: 'photo' | 'screenshot' | 'small screenshot'
  path: string
}

/** Corpus files that match the measurements (12 MP phone photo of 4.9 MB, 1.3 MP and 28 KB screenshots). */
const CORPUS_PICKS = {
  photo: 'jpg-phone-xiaomi-mia3-gps-b-4000x3000.jpg',
  screenshot: 'png-screenshot-kdenlive-1499x863.png',
  retinaFrom: 'png-screenshot-kicad-pcbnew-1389x749.png',
  small: 'png-screenshot-okular-1307x797.png'
}

export async function pasteImages(corpusDir: string, work: string): Promise<PasteImage[]> {
  const pick = (name: string): string | undefined => (existsSync(join(corpusDir, name)) ? join(corpusDir, name) : undefined)
  const photo = pick(CORPUS_PICKS.photo) ?? (await generatedPhoto(join(work, 'photo-4000x3000.jpg')))
  const screenshot = pick(CORPUS_PICKS.screenshot) ?? (await generatedScreenshot(join(work, 'screenshot-1499x863.png'), 1499, 863))
  const retina = await retinaScreenshot(pick(CORPUS_PICKS.retinaFrom), join(work, 'retina-2880x1800.png'))
  const small = pick(CORPUS_PICKS.small) ?? (await generatedScreenshot(join(work, 'small-640x400.png'), 640, 400))
  return [
    { label: `phone photo (${describe(photo)})`, kind: 'photo', path: photo },
    { label: `screenshot (${describe(screenshot)})`, kind: 'screenshot', path: screenshot },
    { label: 'Retina screenshot (2880×1800, 2× of a UI)', kind: 'screenshot', path: retina },
    { label: `small screenshot (${describe(small)})`, kind: 'small screenshot', path: small }
  ]
}

const describe = (path: string): string => path.split('/').at(-1) ?? path

/**
 * A Retina screenshot is a UI drawn at twice the scale: a corpus screenshot doubled with the nearest kernel (each
 * pixel a 2×2 block, as a 2× display draws flat UI), on a 2880×1800 canvas of the desktop's grey.
 */
async function retinaScreenshot(from: string | undefined, path: string): Promise<string> {
  const source = from ?? (await generatedScreenshot(`${path}.src.png`, 1389, 749))
  const meta = await sharp(source).metadata()
  const width = Math.min(2880, meta.width * 2)
  const height = Math.min(1800, meta.height * 2)
  const doubled = await sharp(source).resize(width, height, { kernel: 'nearest', fit: 'fill' }).png().toBuffer()
  await sharp({ create: { width: 2880, height: 1800, channels: 3, background: '#2e3440' } })
    .composite([{ input: doubled, left: 0, top: 0 }])
    .png()
    .toFile(path)
  return path
}

/** Flat UI: panels, bars and a grid of "text" lines in a few colours, as a window screenshot. */
async function generatedScreenshot(path: string, width: number, height: number): Promise<string> {
  const lines = Array.from(
    { length: Math.floor(height / 18) },
    (_, i) =>
      `<rect x="${40 + (i % 3) * 7}" y="${60 + i * 18}" width="${(width - 120) * (0.4 + ((i * 37) % 50) / 100)}" height="9" fill="#${i % 5 === 0 ? '3465a4' : '444'}"/>`
  )
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#f6f5f4"/>` +
    `<rect width="100%" height="40" fill="#dedede"/>${lines.join('')}</svg>`
  await sharp(Buffer.from(svg)).png().toFile(path)
  return path
}

/** Noise-rich gradients at 12 MP and camera quality, standing in for a phone photo. */
async function generatedPhoto(path: string): Promise<string> {
  const noise = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#777', noise: { type: 'gaussian', mean: 120, sigma: 40 } } })
    .blur(1.2)
    .jpeg({ quality: 95 })
    .toBuffer()
  await sharp(noise).toFile(path)
  return path
}
