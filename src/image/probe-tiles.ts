/**
 * The part of an image that "auto" quality encodes on each probe: up to 16 full-resolution tiles of 128×128
 * chosen by detail, laid side by side in one small mosaic. Encoding 0.26 megapixels a few times costs a
 * fraction of one encode of a 12-megapixel photo, and at full resolution the probe sees what a viewer sees.
 *
 * Tiles are picked at evenly spaced ranks of their luma variance, from smooth (where blocking and banding
 * show) to busy (where ringing shows), leaving out flat ones that every quality encodes perfectly. Tile
 * edges fall on multiples of 16 pixels, JPEG's macroblock size with 4:2:0 chroma, so a tile in the mosaic is
 * cut into the same blocks as in the whole image. An image no bigger than the mosaic is probed whole.
 */
import type { Pixels, Region } from './perceptual-score'

export const TILE = 128
export const MAX_TILES = 16
/** Luma variance below this is flat: any quality reproduces it. */
const FLAT_VARIANCE = 1

export interface ProbeTiles {
  /** The tiles, side by side (unused slots repeat the first tile). */
  mosaic: Pixels
  /** Where each chosen tile lies in the mosaic: the regions to score. */
  regions: Region[]
}

export function probeTiles(image: Pixels): ProbeTiles {
  if (image.width * image.height <= MAX_TILES * TILE * TILE || image.width < TILE || image.height < TILE) {
    return { mosaic: image, regions: [{ left: 0, top: 0, width: image.width, height: image.height }] }
  }
  const chosen = chooseTiles(image)
  const columns = Math.ceil(Math.sqrt(chosen.length))
  const rows = Math.ceil(chosen.length / columns)
  const mosaic: Pixels = {
    data: new Uint8Array(columns * TILE * rows * TILE * image.channels),
    width: columns * TILE,
    height: rows * TILE,
    channels: image.channels
  }
  const regions: Region[] = []
  for (let slot = 0; slot < columns * rows; slot++) {
    const tile = chosen[slot] ?? chosen[0]!
    const region = { left: (slot % columns) * TILE, top: Math.floor(slot / columns) * TILE, width: TILE, height: TILE }
    copyTile(image, tile, mosaic, region)
    if (slot < chosen.length) regions.push(region)
  }
  return { mosaic, regions }
}

/** Whole tiles of the grid, at evenly spaced ranks of detail; all of them when few are not flat. */
function chooseTiles(image: Pixels): Region[] {
  const cells: Array<{ region: Region; variance: number }> = []
  for (let top = 0; top + TILE <= image.height; top += TILE) {
    for (let left = 0; left + TILE <= image.width; left += TILE) {
      const region = { left, top, width: TILE, height: TILE }
      cells.push({ region, variance: lumaVariance(image, region) })
    }
  }
  const detailed = cells.filter((cell) => cell.variance >= FLAT_VARIANCE).sort((a, b) => a.variance - b.variance)
  const pool = detailed.length > 0 ? detailed : cells
  if (pool.length <= MAX_TILES) return pool.map((cell) => cell.region)
  return Array.from({ length: MAX_TILES }, (_, k) => pool[Math.floor(((k + 0.5) * pool.length) / MAX_TILES)]!.region)
}

/** Variance of luma over every second pixel of every second row: enough to rank tiles. */
function lumaVariance(image: Pixels, region: Region): number {
  const { data, width, channels } = image
  let sum = 0
  let sumSquares = 0
  let count = 0
  for (let row = region.top; row < region.top + region.height; row += 2) {
    for (let column = region.left; column < region.left + region.width; column += 2) {
      const i = (row * width + column) * channels
      const luma = 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!
      sum += luma
      sumSquares += luma * luma
      count++
    }
  }
  const mean = sum / count
  return sumSquares / count - mean * mean
}

function copyTile(from: Pixels, source: Region, to: Pixels, target: Region): void {
  const rowBytes = source.width * from.channels
  for (let row = 0; row < source.height; row++) {
    const start = ((source.top + row) * from.width + source.left) * from.channels
    to.data.set(from.data.subarray(start, start + rowBytes), ((target.top + row) * to.width + target.left) * to.channels)
  }
}
