/**
 * Admission to compression by pixels, not by count: decoding and encoding cost memory in proportion to the pixels
 * (about 5.5 bytes each, 0.55 GB for a 100-megapixel image), so one image per core would need 9 GB for big scans
 * on a 16-core machine. The images being compressed at once hold at most PIXEL_BUDGET pixels between them, in
 * arrival order; an image above the budget runs alone. Process-wide, so parallel uploads (picgo server) share it.
 * Pixels come from the header (sharp reads no pixel data for it) before the image is admitted.
 */
import { sniffFormat, type ImageFormat } from '../image/image-format'

/** Sum of the pixels decoded at once: one 100-megapixel scan, or four 24-megapixel photos (bench/pixel-budget.ts). */
export const PIXEL_BUDGET = 100_000_000

/** Formats the compression stage decodes; others (SVG, ICO, non-images) cost no pixels. */
const DECODED: ReadonlySet<ImageFormat> = new Set(['jpeg', 'png', 'webp', 'gif', 'tiff', 'avif', 'heif', 'jxl'])

export type PixelGate = <T>(pixels: number, task: () => Promise<T>) => Promise<T>

/** A gate that runs tasks while the pixels of those running stay within `budget`; first come, first served. */
export function createPixelGate(budget: number): PixelGate {
  let inUse = 0
  let running = 0
  const waiting: Array<{ pixels: number; start: () => void }> = []
  const fits = (pixels: number): boolean => running === 0 || inUse + pixels <= budget
  const admitWaiting = (): void => {
    while (waiting.length > 0 && fits(waiting[0]!.pixels)) waiting.shift()!.start()
  }
  return async (pixels, task) => {
    const weight = Math.max(0, Math.min(pixels, budget))
    if (waiting.length > 0 || !fits(weight))
      await new Promise<void>((start) =>
        waiting.push({
          pixels: weight,
          start: () => {
            take()
            start()
          }
        })
      )
    else take()
    function take(): void {
      inUse += weight
      running++
    }
    try {
      return await task()
    } finally {
      inUse -= weight
      running--
      admitWaiting()
    }
  }
}

/** Pixels the compression stage would decode for these bytes (every frame of an animation); 0 when unknown. */
export async function decodedPixels(input: Buffer): Promise<number> {
  const format = sniffFormat(input)
  if (format === undefined || !DECODED.has(format)) return 0
  try {
    const sharp = require('sharp') as typeof import('sharp').default
    const meta = await sharp(input, { limitInputPixels: false, animated: format === 'gif' || format === 'webp' }).metadata()
    return meta.width * meta.height
  } catch {
    return 0 // sharp missing or the header unreadable: nothing will be decoded
  }
}

let shared: PixelGate | undefined

/** Runs `task` (the compression of `input`) once the process-wide pixel budget admits it. */
export async function admitCompression<T>(input: Buffer, task: () => Promise<T>): Promise<T> {
  shared ??= createPixelGate(PIXEL_BUDGET)
  return shared(await decodedPixels(input), task)
}
