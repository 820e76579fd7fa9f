// The pixel budget admits images into compression by the pixels they decode: real sharp compressions of small
// images under a small budget; the sum in flight never passes the budget, and a bigger image runs alone.
import { compress } from '../../src/transformers/compress'
import { compressOptionsOf } from '../../src/transformers'
import { DEFAULTS, resolveSettings } from '../../src/settings/config'
import { createPixelGate, decodedPixels } from '../../src/uploader/pixel-budget'
import { animatedGif, photoJpeg, screenshotPng, svgImage } from '../fixtures/images'

const options = compressOptionsOf(resolveSettings({ accessKeyId: 'id', accessKeySecret: 's', bucket: 'my-images', region: 'oss-cn-hangzhou', ...DEFAULTS }))

/** Compresses each image through a gate of `budget` pixels; returns the largest sum of pixels compressing at once. */
async function peakPixelsInFlight(images: Buffer[], budget: number, order: string[] = []): Promise<number> {
  const gate = createPixelGate(budget)
  let inFlight = 0
  let peak = 0
  const sizes = await Promise.all(images.map(decodedPixels))
  await Promise.all(
    images.map(async (buffer, index) => {
      const pixels = sizes[index]!
      await gate(pixels, async () => {
        inFlight += pixels
        peak = Math.max(peak, inFlight)
        order.push(`start ${index}`)
        await compress({ buffer, fileName: `${index}.img`, extname: '', contentType: '' }, options)
        inFlight -= pixels
      })
    })
  )
  return peak
}

test('decodedPixels reads the header: width × height, every frame of an animation, 0 for what is not decoded', async () => {
  expect(await decodedPixels(await photoJpeg({ width: 64, height: 48 }))).toBe(64 * 48)
  expect(await decodedPixels(await animatedGif(4, 48))).toBe(48 * 48 * 4)
  expect(await decodedPixels(svgImage())).toBe(0)
  expect(await decodedPixels(Buffer.from('not an image'))).toBe(0)
})

test('the pixels compressing at once never pass the budget', async () => {
  const images = await Promise.all([1, 2, 3, 4, 5, 6].map((seed) => photoJpeg({ width: 100, height: 100, seed })))
  // 25,000 pixels: two 10,000-pixel images at once, never three.
  expect(await peakPixelsInFlight(images, 25_000)).toBe(20_000)
  // A count-limited gate (one image per core) would have let all six in: the budget is what bounds memory.
  expect(await peakPixelsInFlight(images, 1_000_000)).toBe(60_000)
})

test('an image above the budget runs alone, and images are admitted in arrival order', async () => {
  const small = await photoJpeg({ width: 50, height: 50 })
  const big = await screenshotPng({ width: 300, height: 200 })
  const order: string[] = []
  const peak = await peakPixelsInFlight([small, big, small, small], 10_000, order)
  expect(peak).toBe(60_000)
  expect(order).toEqual(['start 0', 'start 1', 'start 2', 'start 3'])
})

test('the gate releases its pixels when a task fails', async () => {
  const gate = createPixelGate(100)
  await expect(
    gate(100, async () => {
      throw new Error('boom')
    })
  ).rejects.toThrow('boom')
  await expect(gate(100, async () => 'ran')).resolves.toBe('ran')
})
