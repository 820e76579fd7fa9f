import sharp from 'sharp'
import { looksLikePhoto, repeatingShare } from '../../src/image/photo-like'
import { photoPixels, screenshotPng } from '../fixtures/images'

const rgb = (width: number, height: number, colour: (x: number, y: number) => number[]) => {
  const data = new Uint8Array(width * height * 3)
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(colour(x, y), (y * width + x) * 3)
  return { data, width, height, channels: 3 }
}

describe('repeatingShare', () => {
  test('is 1 for one colour and 0 when every neighbour differs', () => {
    expect(repeatingShare(rgb(8, 8, () => [10, 20, 30]))).toBe(1)
    expect(repeatingShare(rgb(8, 8, (x, y) => [x * 16, y * 16, 0]))).toBe(0)
  })

  test('compares all three channels, not only the first', () => {
    expect(repeatingShare(rgb(4, 1, (x) => [50, 50, x]))).toBe(0)
  })

  test('counts right and lower neighbours: vertical stripes repeat downwards only', () => {
    // 4 × 4 stripes: 12 horizontal pairs all differ, 12 vertical pairs all repeat.
    expect(repeatingShare(rgb(4, 4, (x) => [x * 60, 0, 0]))).toBe(0.5)
  })

  test('ignores alpha and reads grey images by their one channel', () => {
    const rgba = { data: new Uint8Array([9, 9, 9, 0, 9, 9, 9, 255]), width: 2, height: 1, channels: 4 }
    expect(repeatingShare(rgba)).toBe(1)
    const grey = { data: new Uint8Array([1, 1, 2, 2]), width: 4, height: 1, channels: 1 }
    expect(repeatingShare(grey)).toBeCloseTo(2 / 3)
  })

  test('a single pixel has no pairs and counts as flat', () => {
    expect(repeatingShare(rgb(1, 1, () => [0, 0, 0]))).toBe(1)
  })
})

describe('looksLikePhoto', () => {
  test('a photo is photo-like, a screenshot with a photo in it is not', async () => {
    const photo = await sharp(photoPixels(600, 400), { raw: { width: 600, height: 400, channels: 3 } })
      .png()
      .toBuffer()
    expect(await looksLikePhoto(sharp(photo))).toBe(true)
    expect(await looksLikePhoto(sharp(await screenshotPng({ width: 800, height: 500 })))).toBe(false)
  })

  test('a flat logo on a transparent background is not photo-like', async () => {
    const logo = await sharp({ create: { width: 300, height: 300, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .composite([
        { input: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300"><circle cx="150" cy="150" r="120" fill="#2a7"/></svg>') }
      ])
      .png()
      .toBuffer()
    expect(await looksLikePhoto(sharp(logo))).toBe(false)
  })
})
