/**
 * What convertTo "avif" costs: the plugin's AVIF path (AVIF encode plus the default path it is compared with)
 * against the default path, in ms per megapixel, on a 12 MP photo and a 2 MP screenshot made here. PASS when
 * the AVIF path takes at most 3x the default (JPEG) path per megapixel and never stores more bytes.
 *
 *   npm run build && npm run build:tools && node build/bench/avif-cost.js
 */
import sharp from 'sharp'
import { DEFAULTS } from '../src/settings/config'
import { compressOptionsOf } from '../src/transformers'
import { compress } from '../src/transformers/compress'

const MAX_RATIO = 3
const ROUNDS = 3

async function inputs(): Promise<Array<{ name: string; buffer: Buffer }>> {
  const texture = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 50 } } })
    .blur(1.2)
    .png()
    .toBuffer()
  const photo = await sharp(texture).resize(4000, 3000).modulate({ saturation: 1.5 }).jpeg({ quality: 95 }).toBuffer()
  const screenshot = await sharp({ create: { width: 1920, height: 1080, channels: 3, background: '#f0f0f0' } })
    .composite([{ input: await sharp(texture).resize(900, 500).toBuffer(), left: 800, top: 400 }])
    .png()
    .toBuffer()
  return [
    { name: '12 MP photo (JPEG q95)', buffer: photo },
    { name: '2 MP screenshot (PNG)', buffer: screenshot }
  ]
}

async function fastest(run: () => Promise<Buffer>): Promise<{ ms: number; bytes: number }> {
  let ms = Infinity
  let bytes = 0
  for (let round = 0; round < ROUNDS; round++) {
    const started = process.hrtime.bigint()
    bytes = (await run()).length
    ms = Math.min(ms, Number(process.hrtime.bigint() - started) / 1e6)
  }
  return { ms, bytes }
}

export async function avifCostBench(): Promise<boolean> {
  let pass = true
  for (const { name, buffer } of await inputs()) {
    const { width = 0, height = 0 } = await sharp(buffer).metadata()
    const mp = (width * height) / 1e6
    const image = { buffer, fileName: 'input', extname: '', contentType: '' }
    const standard = await fastest(async () => (await compress(image, compressOptionsOf(DEFAULTS))).buffer)
    const avif = await fastest(async () => (await compress(image, compressOptionsOf({ ...DEFAULTS, convertTo: 'avif' }))).buffer)
    const ratio = avif.ms / standard.ms
    const ok = ratio <= MAX_RATIO && avif.bytes <= standard.bytes
    pass &&= ok
    console.log(
      `${ok ? 'PASS' : 'FAIL'} convertTo avif, ${name}: ${(avif.ms / mp).toFixed(0)} ms/MP vs default ${(standard.ms / mp).toFixed(0)} ms/MP ` +
        `(${ratio.toFixed(2)}x, limit ${MAX_RATIO}x); stored ${avif.bytes} vs ${standard.bytes} bytes`
    )
  }
  return pass
}

if (require.main === module) {
  avifCostBench().then(
    (pass) => {
      process.exitCode = pass ? 0 : 1
    },
    (error: unknown) => {
      console.error(error)
      process.exitCode = 1
    }
  )
}
