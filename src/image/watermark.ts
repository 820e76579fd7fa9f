/**
 * The watermark: a text or an image laid on the picture in the same sharp pipeline that encodes it
 * (sharp composites after autoOrient and resize, before the encoder), so nothing is decoded twice.
 *
 * The overlay is drawn once per (watermark settings, picture size) as raw RGBA (watermark-draw.ts) and kept in memory:
 * a batch of photos of one size pays for drawing the mark once, and the pipeline takes it as raw pixels, not as a PNG.
 */
import type { OverlayOptions } from 'sharp'

import type { WatermarkPosition } from '../config'
import { invalidSetting, printable, reasonOf } from '../errors'
import { fitInside, imageMark, type Rgba, textMark, tileCell } from './watermark-draw'
import { watermarkIdentity, type WatermarkOptions } from './watermark-settings'

export type { WatermarkOptions }

interface Size { width: number; height: number }

/** Why this picture gets no watermark, or undefined when it gets one. */
export function watermarkSkip(options: WatermarkOptions, size: Size, pages: number): string | undefined {
  if (options.mode === 'off') return 'off'
  if (pages > 1) return `no watermark on an animation (${pages} frames)`
  const short = Math.min(size.width, size.height)
  if (short < options.minSize) return `no watermark: the short edge ${short} px is below watermarkMinSize ${options.minSize}`
  return undefined
}

interface Overlay { overlay: OverlayOptions; warning?: string }

/** Overlays drawn so far, by identity and size, oldest first; their pixels stay under CACHE_BYTES in all. */
const drawn = new Map<string, { pending: Promise<Overlay>; bytes: number }>()
const CACHE_BYTES = 64 * 1024 * 1024
const identities = new WeakMap<WatermarkOptions, string>()

/**
 * The overlay to composite on a picture of this (output) size, and a note (a glyph the font lacks). Throws a
 * PluginError naming the setting when the mark cannot be drawn (a watermark file sharp cannot read).
 */
export function watermarkOverlay(options: WatermarkOptions, size: Size): Promise<Overlay> {
  let identity = identities.get(options)
  if (identity === undefined) {
    identity = watermarkIdentity(options)
    identities.set(options, identity)
  }
  const key = `${identity} ${size.width}x${size.height}`
  const cached = drawn.get(key)
  if (cached) {
    drawn.delete(key)
    drawn.set(key, cached)
    return cached.pending
  }
  const entry = { pending: drawOverlay(options, size), bytes: 0 }
  drawn.set(key, entry)
  entry.pending.then((overlay) => {
    entry.bytes = (overlay.overlay.input as Buffer).length
    evictOver(CACHE_BYTES)
  }, () => drawn.delete(key))
  return entry.pending
}

/** Forgets every drawn overlay: the benchmark times each picture as the first of its size, drawing included. */
export function forgetDrawnOverlays(): void {
  drawn.clear()
}

function evictOver(budget: number): void {
  let total = 0
  for (const entry of drawn.values()) total += entry.bytes
  for (const [key, entry] of drawn) {
    if (total <= budget || drawn.size === 1) break
    total -= entry.bytes
    drawn.delete(key)
  }
}

async function drawOverlay(options: WatermarkOptions, size: Size): Promise<Overlay> {
  const short = Math.min(size.width, size.height)
  const markHeight = Math.max(4, Math.round(options.scale * short))
  let mark: Rgba
  let warning: string | undefined
  try {
    if (options.mode === 'text') {
      ({ mark, missing: warning } = await textMark(options.text, markHeight, options.opacity))
    } else {
      mark = await imageMark(options.image as Buffer, markHeight, options.opacity)
    }
    if (options.position === 'tile') mark = await tileCell(mark, options.angle, Math.round(markHeight * 1.5))
    mark = await fitInside(mark, size)
  } catch (error) {
    throw options.mode === 'text'
      ? invalidSetting('watermarkText', `a text the watermark can draw (${printable(reasonOf(error))})`, printable(options.text))
      : invalidSetting('watermarkImage', `a PNG or SVG file the watermark can draw (${printable(reasonOf(error))})`, printable(options.imagePath ?? 'the watermark image'))
  }
  const raw = { width: mark.width, height: mark.height, channels: 4 as const }
  const overlay: OverlayOptions = options.position === 'tile'
    ? { input: mark.data, raw, tile: true, gravity: 'northwest' }
    : { input: mark.data, raw, ...placement(mark, options.position, Math.round(options.margin * short), size) }
  return { overlay, warning }
}

/**
 * Where the mark's top-left corner goes: against the edges its position names, the margin away from them (kept
 * inside the picture), centred on the other axis as sharp's gravity would centre it.
 */
function placement(mark: Size, position: Exclude<WatermarkPosition, 'tile'>, margin: number, size: Size): { left: number; top: number } {
  const x = Math.max(0, Math.min(margin, Math.floor((size.width - mark.width) / 2)))
  const y = Math.max(0, Math.min(margin, Math.floor((size.height - mark.height) / 2)))
  const left = position.endsWith('left') ? x : position.endsWith('right') ? size.width - mark.width - x : Math.floor((size.width - mark.width + 1) / 2)
  const top = position.startsWith('top') ? y : position.startsWith('bottom') ? size.height - mark.height - y : Math.floor((size.height - mark.height + 1) / 2)
  return { left, top }
}
