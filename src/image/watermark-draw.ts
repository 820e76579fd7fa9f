/**
 * Drawing the watermark as raw RGBA pixels (unpremultiplied, 8 bits): what sharp composites as `raw` input, so a mark
 * is never encoded to PNG and decoded again between the steps.
 *
 * Text is drawn from the font shipped in assets/ (Noto Sans SC Medium, subset to Latin and GB2312, OFL): its glyph
 * outlines become SVG paths, which librsvg rasterises the same way everywhere, so no system font is ever asked for.
 */
import { existsSync, readFileSync } from 'fs'
import { join } from 'path'
import sharp, { type Sharp } from 'sharp'

/** Raw pixels, 4 channels. */
export interface Rgba {
  data: Buffer
  width: number
  height: number
}

const CLEAR = { r: 0, g: 0, b: 0, alpha: 0 }

/** The pipeline's pixels as 8-bit sRGB + alpha (a grey or 16-bit PNG mark included). */
async function rgbaOf(pipeline: Sharp): Promise<Rgba> {
  const { data, info } = await pipeline.toColourspace('srgb').ensureAlpha().raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true })
  return { data, width: info.width, height: info.height }
}

function pipelineOf(mark: Rgba): Sharp {
  return sharp(mark.data, { raw: { width: mark.width, height: mark.height, channels: 4 } })
}

/** White text with a thin dark outline, readable on light and dark pictures; a sentence for characters the font lacks. */
export async function textMark(text: string, height: number, opacity: number): Promise<{ mark: Rgba; missing?: string }> {
  const f = builtInFont()
  const size = height / ((f.ascender - f.descender) / f.unitsPerEm)
  const baseline = (f.ascender / f.unitsPerEm) * size
  const stroke = Math.max(1, size / 20)
  const width = Math.ceil(f.getAdvanceWidth(text, size) + 2 * stroke)
  const d = f.getPath(text, stroke, baseline + stroke, size).toPathData(2)
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${Math.ceil(height + 2 * stroke)}">` +
    `<path opacity="${opacity}" d="${d}" fill="#ffffff" stroke="#000000" stroke-opacity="0.6" stroke-width="${stroke.toFixed(2)}" paint-order="stroke"/></svg>`
  const lacking = [...new Set([...text].filter((char) => char.trim() !== '' && f.charToGlyph(char).index === 0))]
  const missing =
    lacking.length > 0
      ? `the watermark text's ${lacking.map((c) => `"${c}"`).join(', ')} cannot be drawn: the built-in font (Noto Sans SC, Latin and GB2312) has no such glyph, so it shows as an empty box`
      : undefined
  return { mark: await rgbaOf(sharp(Buffer.from(svg))), missing }
}

/** The watermark file (PNG or SVG) at this height, faded by the opacity. */
export async function imageMark(bytes: Buffer, height: number, opacity: number): Promise<Rgba> {
  const mark = await rgbaOf(sharp(bytes, { density: 300 }).resize({ height }))
  if (opacity < 1) {
    for (let alpha = 3; alpha < mark.data.length; alpha += 4) mark.data[alpha] = Math.round((mark.data[alpha] as number) * opacity)
  }
  return mark
}

/** One cell of the tiling: the mark turned by the angle, with room around it. */
export function tileCell(mark: Rgba, angle: number, gap: number): Promise<Rgba> {
  const pipeline = pipelineOf(mark)
  if (angle !== 0) pipeline.rotate(angle, { background: CLEAR })
  return rgbaOf(pipeline.extend({ top: gap, bottom: gap, left: gap, right: gap, background: CLEAR }))
}

/** sharp refuses an overlay bigger than the picture: a mark that would be is shrunk to fit. */
export async function fitInside(mark: Rgba, size: { width: number; height: number }): Promise<Rgba> {
  if (mark.width <= size.width && mark.height <= size.height) return mark
  return rgbaOf(pipelineOf(mark).resize({ width: size.width, height: size.height, fit: 'inside' }))
}

interface Glyph {
  index: number
}
interface Font {
  unitsPerEm: number
  ascender: number
  descender: number
  charToGlyph(char: string): Glyph
  getPath(text: string, x: number, y: number, size: number): { toPathData(decimals: number): string }
  getAdvanceWidth(text: string, size: number): number
}

let font: Font | undefined
function builtInFont(): Font {
  if (font) return font
  const opentype = require('opentype.js') as { parse(buffer: ArrayBuffer): Font }
  const bytes = readFileSync(fontPath())
  font = opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length))
  return font
}

/** assets/ beside dist/ (the package) or src/; build/src/ (the benchmarks' build) is one folder deeper. */
function fontPath(): string {
  const near = join(__dirname, '..', '..', 'assets', FONT_FILE)
  return existsSync(near) ? near : join(__dirname, '..', '..', '..', 'assets', FONT_FILE)
}
const FONT_FILE = 'watermark-font.otf'

/** The cell tiled over one frame of this size, from its top-left corner, as sharp tiles it over a still picture. */
export function tiledOver(cell: Rgba, size: { width: number; height: number }): Promise<Rgba> {
  const frame = sharp({ create: { ...size, channels: 4, background: CLEAR } })
  return rgbaOf(frame.composite([{ input: cell.data, raw: { width: cell.width, height: cell.height, channels: 4 }, tile: true, gravity: 'northwest' }]))
}
