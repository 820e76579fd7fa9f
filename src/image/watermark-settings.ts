// What the watermark is, apart from watermark.ts (which loads sharp): the known-images fingerprint needs it where
// sharp may be missing.
import { createHash } from 'crypto'
import type { WatermarkMode, WatermarkPosition } from '../settings/config'

export interface WatermarkOptions {
  mode: WatermarkMode
  text: string
  /** The watermark file's bytes (PNG or SVG), read once per upload. */
  image?: Buffer
  /** Where those bytes came from (the watermarkImage setting), to name it when they cannot be drawn. */
  imagePath?: string
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
  /** Every frame of an animation gets the mark; otherwise animations get none. */
  animated?: boolean
}

/** Everything of the watermark that changes the mark drawn: its settings and the image file's digest (not its path); the overlay cache's key. */
export function watermarkIdentity(mark: WatermarkOptions | undefined): string {
  if (!mark) return ''
  const { mode, text, position, angle, opacity, scale, margin, minSize, image, animated } = mark
  const digest = image ? createHash('sha256').update(image).digest('hex') : ''
  return JSON.stringify({ mode, text, position, angle, opacity, scale, margin, minSize, image: digest, animated: animated === true })
}
