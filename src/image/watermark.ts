/**
 * The watermark: a text or an image laid on the picture in the same sharp pipeline that encodes it
 * (sharp composites after autoOrient and resize, before the encoder), so nothing is decoded twice.
 *
 * Text is drawn from the font shipped in assets/ (Noto Sans SC Medium, subset to Latin and GB2312, OFL): its glyph
 * outlines become SVG paths, which librsvg rasterises the same way everywhere, so no system font is ever asked for.
 */
import { existsSync, readFileSync } from 'fs'
import { join } from 'path'
import sharp, { type OverlayOptions } from 'sharp'

import type { WatermarkMode, WatermarkPosition } from '../config'

export interface WatermarkOptions {
  mode: WatermarkMode
  text: string
  /** The watermark file's bytes (PNG or SVG), read once per upload. */
  image?: Buffer
  position: WatermarkPosition
  /** Degrees, for tiles only. */
  angle: number
  /** 0-1. */
  opacity: number
  /** The mark's height as a fraction of the picture's short edge. */
  scale: number
  /** Distance from the edge as a fraction of the short edge. */
  margin: number
  /** Pictures whose short edge is below this (px) get none. */
  minSize: number
}

/** Why this picture gets no watermark, or undefined when it gets one. */
export function watermarkSkip(options: WatermarkOptions, size: { width: number; height: number }, pages: number): string | undefined {
  if (options.mode === 'off') return 'off'
  if (pages > 1) return `no watermark on an animation (${pages} frames)`
  const short = Math.min(size.width, size.height)
  if (short < options.minSize) return `no watermark: the short edge ${short} px is below watermarkMinSize ${options.minSize}`
  return undefined
}

/** The overlay to composite on a picture of this (output) size, and a note (a glyph the font lacks). */
export async function watermarkOverlay(options: WatermarkOptions, size: { width: number; height: number }): Promise<{ overlay: OverlayOptions; warning?: string }> {
  const short = Math.min(size.width, size.height)
  const markHeight = Math.max(4, Math.round(options.scale * short))
  const drawn = options.mode === 'text' ? textMark(options.text, markHeight, options.opacity) : { svgOrPng: await imageMark(options.image as Buffer, markHeight) }
  let mark: Buffer = await sharp(drawn.svgOrPng).ensureAlpha().png().toBuffer()
  if (options.mode !== 'text') mark = await withOpacity(mark, options.opacity)
  if (options.position === 'tile') mark = await tileOf(mark, options.angle, markHeight)
  mark = await fitInside(mark, size)
  const overlay: OverlayOptions = options.position === 'tile'
    ? { input: mark, tile: true, gravity: 'northwest' }
    : { input: await withMargin(mark, options.position, Math.round(options.margin * short), size), gravity: GRAVITY[options.position] }
  return { overlay, warning: 'missing' in drawn ? drawn.missing : undefined }
}

const GRAVITY: Record<Exclude<WatermarkPosition, 'tile'>, string> = {
  'top-left': 'northwest', top: 'north', 'top-right': 'northeast', left: 'west', center: 'centre',
  right: 'east', 'bottom-left': 'southwest', bottom: 'south', 'bottom-right': 'southeast'
}

interface Glyph { index: number }
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

/** White text with a thin dark outline, readable on light and dark pictures; a sentence for characters the font lacks. */
function textMark(text: string, height: number, opacity: number): { svgOrPng: Buffer; missing?: string } {
  const f = builtInFont()
  const size = height / ((f.ascender - f.descender) / f.unitsPerEm)
  const baseline = (f.ascender / f.unitsPerEm) * size
  const stroke = Math.max(1, size / 20)
  const width = Math.ceil(f.getAdvanceWidth(text, size) + 2 * stroke)
  const d = f.getPath(text, stroke, baseline + stroke, size).toPathData(2)
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${Math.ceil(height + 2 * stroke)}">` +
    `<path opacity="${opacity}" d="${d}" fill="#ffffff" stroke="#000000" stroke-opacity="0.6" stroke-width="${stroke.toFixed(2)}" paint-order="stroke"/></svg>`
  const lacking = [...new Set([...text].filter((char) => char.trim() !== '' && f.charToGlyph(char).index === 0))]
  const missing = lacking.length > 0
    ? `the watermark text's ${lacking.map((c) => `"${c}"`).join(', ')} cannot be drawn: the built-in font (Noto Sans SC, Latin and GB2312) has no such glyph, so it shows as an empty box`
    : undefined
  return { svgOrPng: Buffer.from(svg), missing }
}

async function imageMark(bytes: Buffer, height: number): Promise<Buffer> {
  return sharp(bytes, { density: 300 }).resize({ height }).png().toBuffer()
}

/** Multiplies the mark's alpha by the opacity (dest-in keeps the mark where the 1×1 tile's alpha is). */
async function withOpacity(mark: Buffer, opacity: number): Promise<Buffer> {
  if (opacity >= 1) return mark
  const alpha = { input: Buffer.from([255, 255, 255, Math.round(opacity * 255)]), raw: { width: 1, height: 1, channels: 4 as const }, tile: true, blend: 'dest-in' as const }
  return sharp(mark).composite([alpha]).png().toBuffer()
}

const CLEAR = { r: 0, g: 0, b: 0, alpha: 0 }

/** One cell of the tiling: the mark turned by the angle, with room around it. */
async function tileOf(mark: Buffer, angle: number, markHeight: number): Promise<Buffer> {
  const turned = angle === 0 ? mark : await sharp(mark).rotate(angle, { background: CLEAR }).png().toBuffer()
  const gap = Math.round(markHeight * 1.5)
  return sharp(turned).extend({ top: gap, bottom: gap, left: gap, right: gap, background: CLEAR }).png().toBuffer()
}

/** sharp refuses an overlay bigger than the picture: a mark that would be is shrunk to fit. */
async function fitInside(mark: Buffer, size: { width: number; height: number }): Promise<Buffer> {
  const meta = await sharp(mark).metadata()
  if (meta.width <= size.width && meta.height <= size.height) return mark
  return sharp(mark).resize({ width: size.width, height: size.height, fit: 'inside' }).png().toBuffer()
}

/** The margin as transparent room on the sides the gravity puts against the edges, kept inside the picture. */
async function withMargin(mark: Buffer, position: Exclude<WatermarkPosition, 'tile'>, margin: number, size: { width: number; height: number }): Promise<Buffer> {
  const meta = await sharp(mark).metadata()
  const x = Math.max(0, Math.min(margin, Math.floor((size.width - meta.width) / 2)))
  const y = Math.max(0, Math.min(margin, Math.floor((size.height - meta.height) / 2)))
  const edges = {
    top: position.startsWith('top') ? y : 0,
    bottom: position.startsWith('bottom') ? y : 0,
    left: position.endsWith('left') ? x : 0,
    right: position.endsWith('right') ? x : 0
  }
  if (edges.top + edges.bottom + edges.left + edges.right === 0) return mark
  return sharp(mark).extend({ ...edges, background: CLEAR }).png().toBuffer()
}
