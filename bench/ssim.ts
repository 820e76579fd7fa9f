import sharp from 'sharp'

/**
 * Structural similarity (SSIM, Wang et al. 2004) of two encoded images, for benchmarks.
 *
 * Both images are decoded with sharp (first frame of an animation, EXIF orientation applied,
 * alpha flattened onto white as a viewer would show it), turned into luma and scaled to the
 * same size, at most `maxSide` pixels on the long side. The score is the mean of an 11×11
 * Gaussian-window (σ = 1.5) SSIM map over the valid region: 1 means identical.
 */
export interface SsimOptions {
  /** Longest side both images are scaled down to before comparing (default 1024). */
  maxSide?: number
}

export interface LumaImage {
  width: number
  height: number
  data: Uint8Array
}

const WINDOW_RADIUS = 5
const WINDOW_SIGMA = 1.5
const C1 = (0.01 * 255) ** 2
const C2 = (0.03 * 255) ** 2

/** SSIM of `candidate` against `reference` (encoded image bytes). Identical bytes score 1. */
export async function ssim(reference: Buffer, candidate: Buffer, options: SsimOptions = {}): Promise<number> {
  if (reference.equals(candidate)) return 1
  const maxSide = options.maxSide ?? 1024
  const ref = await decodeLuma(reference, { maxSide })
  const cand = await decodeLuma(candidate, { width: ref.width, height: ref.height })
  return ssimOfLuma(ref, cand)
}

/** Decodes to 8-bit luma, either fitted inside maxSide or stretched to an exact size. */
export async function decodeLuma(input: Buffer, size: { maxSide: number } | { width: number; height: number }): Promise<LumaImage> {
  const resize =
    'maxSide' in size
      ? { width: size.maxSide, height: size.maxSide, fit: 'inside' as const, withoutEnlargement: true }
      : { width: size.width, height: size.height, fit: 'fill' as const }
  const { data, info } = await sharp(input, { failOn: 'none', limitInputPixels: false, pages: 1 })
    .autoOrient()
    .flatten({ background: '#ffffff' })
    .resize(resize)
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true })
  if (info.channels !== 1) throw new Error(`expected 1 luma channel, got ${info.channels}`)
  return { width: info.width, height: info.height, data }
}

/** Mean SSIM of two luma images of the same size. */
export function ssimOfLuma(a: LumaImage, b: LumaImage): number {
  if (a.width !== b.width || a.height !== b.height) {
    throw new Error(`SSIM needs equal sizes, got ${a.width}×${a.height} and ${b.width}×${b.height}`)
  }
  const { width, height } = a
  const n = width * height
  const x = Float64Array.from(a.data)
  const y = Float64Array.from(b.data)
  const xx = new Float64Array(n)
  const yy = new Float64Array(n)
  const xy = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const xi = x[i]!
    const yi = y[i]!
    xx[i] = xi * xi
    yy[i] = yi * yi
    xy[i] = xi * yi
  }
  const kernel = gaussianKernel(WINDOW_RADIUS, WINDOW_SIGMA)
  const [mx, my, sxx, syy, sxy] = [x, y, xx, yy, xy].map((plane) => blurValid(plane, width, height, kernel))
  const outW = width - 2 * WINDOW_RADIUS
  const outH = height - 2 * WINDOW_RADIUS
  if (outW <= 0 || outH <= 0) return a.data.every((v, i) => v === b.data[i]) ? 1 : 0
  let sum = 0
  for (let i = 0; i < outW * outH; i++) {
    const mux = mx![i]!
    const muy = my![i]!
    const varX = sxx![i]! - mux * mux
    const varY = syy![i]! - muy * muy
    const cov = sxy![i]! - mux * muy
    sum += ((2 * mux * muy + C1) * (2 * cov + C2)) / ((mux * mux + muy * muy + C1) * (varX + varY + C2))
  }
  return sum / (outW * outH)
}

function gaussianKernel(radius: number, sigma: number): Float64Array {
  const kernel = new Float64Array(2 * radius + 1)
  let total = 0
  for (let i = -radius; i <= radius; i++) {
    const v = Math.exp(-(i * i) / (2 * sigma * sigma))
    kernel[i + radius] = v
    total += v
  }
  return kernel.map((v) => v / total)
}

/** Separable blur keeping only positions where the whole window fits ("valid" convolution). */
function blurValid(plane: Float64Array, width: number, height: number, kernel: Float64Array): Float64Array {
  const r = (kernel.length - 1) / 2
  const outW = width - 2 * r
  const outH = height - 2 * r
  if (outW <= 0 || outH <= 0) return new Float64Array(0)
  const rows = new Float64Array(outW * height)
  for (let yPos = 0; yPos < height; yPos++) {
    const rowIn = yPos * width
    const rowOut = yPos * outW
    for (let xPos = 0; xPos < outW; xPos++) {
      let acc = 0
      for (let k = 0; k < kernel.length; k++) acc += kernel[k]! * plane[rowIn + xPos + k]!
      rows[rowOut + xPos] = acc
    }
  }
  const out = new Float64Array(outW * outH)
  for (let yPos = 0; yPos < outH; yPos++) {
    for (let xPos = 0; xPos < outW; xPos++) {
      let acc = 0
      for (let k = 0; k < kernel.length; k++) acc += kernel[k]! * rows[(yPos + k) * outW + xPos]!
      out[yPos * outW + xPos] = acc
    }
  }
  return out
}
