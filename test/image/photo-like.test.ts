import sharp from 'sharp'
import { looksLikePhoto, pictureFactsOf, repeatingShare } from '../../src/image/photo-like'
import { deflateSync } from 'node:zlib'
import { photoPixels, pngChunk, screenshotPng } from '../fixtures/images'

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

describe('pictureFactsOf: is every pixel opaque', () => {
  const WIDTH = 300
  const HEIGHT = 200
  /** A photo with an alpha channel at `alpha` everywhere but the last pixel, which holds `last`; 8 or 16 bits a channel. */
  async function photoWithAlpha(depth: 8 | 16, alpha: number, last = alpha): Promise<{ input: Buffer; depth?: string }> {
    const rgb = photoPixels(WIDTH, HEIGHT)
    const alphaAt = (i: number): number => (i === WIDTH * HEIGHT - 1 ? last : alpha)
    if (depth === 8) {
      const rgba = Buffer.alloc(WIDTH * HEIGHT * 4)
      for (let i = 0; i < WIDTH * HEIGHT; i++) rgba.set([rgb[i * 3]!, rgb[i * 3 + 1]!, rgb[i * 3 + 2]!, alphaAt(i)], i * 4)
      const input = await sharp(rgba, { raw: { width: WIDTH, height: HEIGHT, channels: 4 } })
        .png()
        .toBuffer()
      return { input, depth: (await sharp(input).metadata()).depth }
    }
    // sharp writes 16-bit samples only from a 16-bit pipeline, scaling 8-bit values: the PNG is written by hand so
    // that one alpha sample can be 65534 exactly (RGBA, 16 bits, filter 0 on every row, big-endian samples).
    const rows = Buffer.alloc(HEIGHT * (1 + WIDTH * 8))
    for (let i = 0; i < WIDTH * HEIGHT; i++) {
      const at = Math.floor(i / WIDTH) * (1 + WIDTH * 8) + 1 + (i % WIDTH) * 8
      for (let c = 0; c < 3; c++) rows.writeUInt16BE(rgb[i * 3 + c]! * 257, at + c * 2)
      rows.writeUInt16BE(alphaAt(i), at + 6)
    }
    const header = Buffer.alloc(13)
    header.writeUInt32BE(WIDTH, 0)
    header.writeUInt32BE(HEIGHT, 4)
    header.set([16, 6, 0, 0, 0], 8)
    const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    const input = Buffer.concat([signature, pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(rows)), pngChunk('IEND', Buffer.alloc(0))])
    return { input, depth: (await sharp(input).metadata()).depth }
  }
  const factsOf = ({ input, depth }: { input: Buffer; depth?: string }) => pictureFactsOf(() => sharp(input), { hasAlpha: true, needOpacity: true, depth })

  test('an 8-bit alpha channel at 255 everywhere is opaque; one pixel at 254 is not', async () => {
    expect(await factsOf(await photoWithAlpha(8, 255))).toEqual({ photoLike: true, opaque: true })
    expect(await factsOf(await photoWithAlpha(8, 255, 254))).toEqual({ photoLike: true, opaque: false })
  })

  test('a 16-bit alpha channel is read at every bit: 65534 in one pixel is not opaque', async () => {
    const opaque = await photoWithAlpha(16, 65535)
    expect(opaque.depth).toBe('ushort')
    expect(await factsOf(opaque)).toEqual({ photoLike: true, opaque: true })
    expect(await factsOf(await photoWithAlpha(16, 65535, 65534))).toEqual({ photoLike: true, opaque: false })
  })

  test('not asked, or not photo-like: the alpha is not read, and a picture with alpha counts as not opaque', async () => {
    const { input } = await photoWithAlpha(8, 255)
    expect(await pictureFactsOf(() => sharp(input), { hasAlpha: true, needOpacity: false, depth: 'uchar' })).toEqual({ photoLike: true, opaque: false })
    const screenshot = await screenshotPng({ width: 400, height: 300, alpha: true })
    expect(await pictureFactsOf(() => sharp(screenshot), { hasAlpha: true, needOpacity: true, depth: 'uchar' })).toEqual({ photoLike: false, opaque: false })
  })
})
