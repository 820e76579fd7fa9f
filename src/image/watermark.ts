/**
 * The watermark: a text or an image laid on the picture in the same sharp pipeline that encodes it
 * (sharp composites after autoOrient and resize, before the encoder), so nothing is decoded twice.
 *
 * The overlay is drawn once per (watermark settings, picture size) as raw RGBA (watermark-draw.ts) and kept in memory:
 * a batch of photos of one size pays for drawing the mark once, and the pipeline takes it as raw pixels, not as a PNG.
 */
import type { OverlayOptions } from 'sharp'

import type { WatermarkPosition } from '../settings/config'
import { invalidSetting, printable, reasonOf } from '../errors'
import { fitInside, imageMark, type Rgba, textMark, tiledOver, tileCell } from './watermark-draw'
import { watermarkIdentity, type WatermarkOptions } from './watermark-settings'

export type { WatermarkOptions }

interface Size {
  width: number
  height: number
}

/** Why this picture gets no watermark, or undefined when it gets one. */
export function watermarkSkip(options: WatermarkOptions, size: Size, pages: number): string | undefined {
  if (options.mode === 'off') return 'off'
  if (pages > 1 && options.animated !== true) return `no watermark on an animation (${pages} frames; watermarkAnimated is off)`
  const short = Math.min(size.width, size.height)
  if (short < options.minSize) return `no watermark: the short edge ${short} px is below watermarkMinSize ${options.minSize}`
  return undefined
}

/** A drawn mark: tiled from the top-left corner, or put once at a place on each frame. */
interface Drawn {
  mark: Rgba
  at?: { left: number; top: number }
  warning?: string
}

/** Marks drawn so far, by identity and size, oldest first; their pixels stay under CACHE_BYTES in all. */
const drawn = new Map<string, { pending: Promise<Drawn>; bytes: number }>()
const CACHE_BYTES = 64 * 1024 * 1024
const identities = new WeakMap<WatermarkOptions, string>()

/**
 * What to composite on a picture whose frames are this (output) size, and a note (a glyph the font lacks). On an
 * animation (sharp holds its frames as one tall strip) every frame gets the same mark at the same place. Throws a
 * PluginError naming the setting when the mark cannot be drawn (a watermark file sharp cannot read).
 */
export async function watermarkOverlays(options: WatermarkOptions, frame: Size, pages = 1): Promise<{ overlays: OverlayOptions[]; warning?: string }> {
  const tiledFrames = options.position === 'tile' && pages > 1
  const { mark, at, warning } = await cachedDraw(options, frame, tiledFrames)
  const raw = { width: mark.width, height: mark.height, channels: 4 as const }
  // A tiling as big as one frame, repeated down the strip: each frame's pattern starts at its own corner.
  if (at === undefined) return { overlays: [{ input: mark.data, raw, tile: true, gravity: 'northwest' }], warning }
  const overlays: OverlayOptions[] = []
  for (let page = 0; page < pages; page++) overlays.push({ input: mark.data, raw, left: at.left, top: at.top + page * frame.height })
  return { overlays, warning }
}

function cachedDraw(options: WatermarkOptions, size: Size, tiledFrames: boolean): Promise<Drawn> {
  let identity = identities.get(options)
  if (identity === undefined) {
    identity = watermarkIdentity(options)
    identities.set(options, identity)
  }
  const key = `${identity} ${size.width}x${size.height}${tiledFrames ? ' frames' : ''}`
  const cached = drawn.get(key)
  if (cached) {
    drawn.delete(key)
    drawn.set(key, cached)
    return cached.pending
  }
  const entry = { pending: draw(options, size, tiledFrames), bytes: 0 }
  drawn.set(key, entry)
  entry.pending.then(
    (done) => {
      entry.bytes = done.mark.data.length
      evictOver(CACHE_BYTES)
    },
    () => drawn.delete(key)
  )
  return entry.pending
}

/** Forgets every drawn mark: the benchmark times each picture as the first of its size, drawing included. */
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

async function draw(options: WatermarkOptions, size: Size, tiledFrames: boolean): Promise<Drawn> {
  const short = Math.min(size.width, size.height)
  const markHeight = Math.max(4, Math.round(options.scale * short))
  let mark: Rgba
  let warning: string | undefined
  try {
    if (options.mode === 'text') {
      ;({ mark, missing: warning } = await textMark(options.text, markHeight, options.opacity))
    } else {
      mark = await imageMark(options.image as Buffer, markHeight, options.opacity)
    }
    if (options.position === 'tile') mark = await tileCell(mark, options.angle, Math.round(markHeight * 1.5))
    mark = await fitInside(mark, size)
    if (tiledFrames) mark = await tiledOver(mark, size)
  } catch (error) {
    throw options.mode === 'text'
      ? invalidSetting('watermarkText', `a text the watermark can draw (${printable(reasonOf(error))})`, printable(options.text))
      : invalidSetting(
          'watermarkImage',
          `a PNG or SVG file the watermark can draw (${printable(reasonOf(error))})`,
          printable(options.imagePath ?? 'the watermark image')
        )
  }
  if (options.position === 'tile') return { mark, warning }
  return { mark, at: placement(mark, options.position, Math.round(options.margin * short), size), warning }
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
