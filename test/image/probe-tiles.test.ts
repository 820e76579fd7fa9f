import type { Pixels } from '../../src/image/perceptual-score'
import { MAX_TILES, probeTiles, TILE } from '../../src/image/probe-tiles'
import { seededRandom } from '../../tools/seeded-random'

function photo(width: number, height: number, flatBelow = height): Pixels {
  const random = seededRandom(4)
  const data = new Uint8Array(width * height * 3)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const value = y >= flatBelow ? 90 : 128 + 100 * Math.sin(x / (3 + (y % 40))) * random()
      data.fill(Math.max(0, Math.min(255, Math.round(value))), (y * width + x) * 3, (y * width + x) * 3 + 3)
    }
  }
  return { data, width, height, channels: 3 }
}

describe('probeTiles', () => {
  test('probes an image no bigger than the mosaic whole', () => {
    const small = photo(300, 200)
    const { mosaic, regions } = probeTiles(small)
    expect(mosaic).toBe(small)
    expect(regions).toEqual([{ left: 0, top: 0, width: 300, height: 200 }])
  })

  test('lays up to 16 full-resolution tiles side by side, copied pixel for pixel, on 16-pixel boundaries', () => {
    const big = photo(2048, 1536)
    const { mosaic, regions } = probeTiles(big)
    expect(regions).toHaveLength(MAX_TILES)
    expect(mosaic.width % 16).toBe(0)
    expect(mosaic.width * mosaic.height).toBeLessThanOrEqual(MAX_TILES * TILE * TILE)
    // every mosaic tile is some grid tile of the image, byte for byte
    for (const region of regions) {
      const rowOf = (p: Pixels, left: number, top: number): string =>
        Buffer.from(p.data.subarray((top * p.width + left) * 3, (top * p.width + left + TILE) * 3)).toString('hex')
      const first = rowOf(mosaic, region.left, region.top)
      let found = false
      for (let top = 0; top + TILE <= big.height && !found; top += TILE) {
        for (let left = 0; left + TILE <= big.width && !found; left += TILE) found = rowOf(big, left, top) === first
      }
      expect(found).toBe(true)
    }
  })

  test('leaves out flat tiles, which every quality reproduces', () => {
    const halfFlat = photo(2048, 1536, 768) // the lower half is one grey
    const { mosaic, regions } = probeTiles(halfFlat)
    for (const region of regions) {
      const start = (region.top * mosaic.width + region.left) * 3
      const row = mosaic.data.subarray(start, start + TILE * 3)
      expect(new Set(row).size).toBeGreaterThan(1)
    }
  })
})
