/**
 * The plugin's own perceptual score for "auto" quality: SSIM of two same-sized 8-bit pixel blocks, on luma
 * and both chroma planes, computed at full resolution (artefacts show at 100 % zoom; a downscaled comparison
 * averages them away). Alpha, when present, is composited over mid-grey, so a changed alpha shows as a
 * changed colour. 8×8 windows with a stride of 4 (the JPEG block size, half-overlapping) instead of the
 * usual 11×11 Gaussian: ten times cheaper and as sensitive to blocking and ringing.
 *
 * Busy texture hides artefacts (contrast masking), which plain SSIM ignores: at full resolution it scores a
 * painting's lost brush noise as harshly as blocking on a sky. Each window's loss (1 − SSIM) is therefore
 * divided by 1 + σ/MASKING, σ the reference's local standard deviation, and a plane's losses are pooled as
 * a root mean square, so a few bad windows weigh more than many slightly soft ones. On the benchmark corpus
 * this ranked encodes closer to Butteraugli than plain SSIM did.
 */

/** Interleaved 8-bit pixels, 3 (RGB) or 4 (RGBA) channels per pixel. */
export interface Pixels {
  data: Uint8Array
  width: number
  height: number
  channels: 3 | 4
}

/** A rectangle inside Pixels. */
export interface Region {
  left: number
  top: number
  width: number
  height: number
}

const WINDOW = 8
const STRIDE = 4
const C1 = (0.01 * 255) ** 2
const C2 = (0.03 * 255) ** 2
/** Luma carries most of what the eye sees; chroma errors (bleeding, banding of colour) count too. */
const PLANE_WEIGHTS = [0.8, 0.1, 0.1] as const
/** Local standard deviation (in 8-bit levels) at which a window's loss counts half. */
const MASKING = 10

/** Masked SSIM of `region` in `b` against the same region in the reference `a` (1 = identical), weighted over Y, Cb, Cr. */
export function regionSsim(a: Pixels, b: Pixels, region: Region): number {
  const planesA = toYCbCr(a, region)
  const planesB = toYCbCr(b, region)
  let score = 0
  for (let plane = 0; plane < 3; plane++) {
    score += PLANE_WEIGHTS[plane]! * planeSsim(planesA[plane]!, planesB[plane]!, region.width, region.height)
  }
  return score
}

/** BT.601 Y, Cb, Cr planes of a region, alpha composited over grey. */
function toYCbCr(pixels: Pixels, region: Region): [Float32Array, Float32Array, Float32Array] {
  const count = region.width * region.height
  const y = new Float32Array(count)
  const cb = new Float32Array(count)
  const cr = new Float32Array(count)
  const { data, width, channels } = pixels
  let out = 0
  for (let row = region.top; row < region.top + region.height; row++) {
    let i = (row * width + region.left) * channels
    for (let column = 0; column < region.width; column++, i += channels, out++) {
      let r = data[i]!
      let g = data[i + 1]!
      let b = data[i + 2]!
      if (channels === 4) {
        const alpha = data[i + 3]! / 255
        r = r * alpha + 128 * (1 - alpha)
        g = g * alpha + 128 * (1 - alpha)
        b = b * alpha + 128 * (1 - alpha)
      }
      y[out] = 0.299 * r + 0.587 * g + 0.114 * b
      cb[out] = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b
      cr[out] = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b
    }
  }
  return [y, cb, cr]
}

/** 1 − the root mean square of the masked losses over 8×8 windows; a plane smaller than one window is one window. */
function planeSsim(a: Float32Array, b: Float32Array, width: number, height: number): number {
  const windowWidth = Math.min(WINDOW, width)
  const windowHeight = Math.min(WINDOW, height)
  let total = 0
  let windows = 0
  for (let top = 0; top + windowHeight <= height; top += STRIDE) {
    for (let left = 0; left + windowWidth <= width; left += STRIDE) {
      const loss = maskedLoss(a, b, width, left, top, windowWidth, windowHeight)
      total += loss * loss
      windows++
    }
  }
  return windows > 0 ? 1 - Math.sqrt(total / windows) : 1
}

function maskedLoss(a: Float32Array, b: Float32Array, width: number, left: number, top: number, w: number, h: number): number {
  let sumA = 0
  let sumB = 0
  let sumAA = 0
  let sumBB = 0
  let sumAB = 0
  for (let row = top; row < top + h; row++) {
    const start = row * width + left
    for (let i = start; i < start + w; i++) {
      const x = a[i]!
      const y = b[i]!
      sumA += x
      sumB += y
      sumAA += x * x
      sumBB += y * y
      sumAB += x * y
    }
  }
  const n = w * h
  const meanA = sumA / n
  const meanB = sumB / n
  const varA = Math.max(0, sumAA / n - meanA * meanA)
  const varB = Math.max(0, sumBB / n - meanB * meanB)
  const covariance = sumAB / n - meanA * meanB
  const ssim = ((2 * meanA * meanB + C1) * (2 * covariance + C2)) / ((meanA * meanA + meanB * meanB + C1) * (varA + varB + C2))
  return (1 - ssim) / (1 + Math.sqrt(varA) / MASKING)
}
