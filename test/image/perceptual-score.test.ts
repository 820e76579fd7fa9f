import { regionSsim, type Pixels } from '../../src/image/perceptual-score'
import { seededRandom } from '../../tools/seeded-random'

function image(width: number, height: number, value: (x: number, y: number) => number): Pixels {
  const data = new Uint8Array(width * height * 3)
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) data.fill(Math.max(0, Math.min(255, Math.round(value(x, y)))), (y * width + x) * 3, (y * width + x) * 3 + 3)
  return { data, width, height, channels: 3 }
}

const whole = (p: Pixels): { left: number; top: number; width: number; height: number } => ({ left: 0, top: 0, width: p.width, height: p.height })

describe('regionSsim', () => {
  test('scores identical pixels 1 and a distorted copy lower, more distortion lower still', () => {
    const reference = image(64, 64, (x, y) => 128 + 60 * Math.sin(x / 5) * Math.cos(y / 7))
    const random = seededRandom(1)
    const noisy = (amount: number): Pixels => image(64, 64, (x, y) => reference.data[(y * 64 + x) * 3]! + (random() - 0.5) * amount)
    expect(regionSsim(reference, reference, whole(reference))).toBe(1)
    const slight = regionSsim(reference, noisy(10), whole(reference))
    const strong = regionSsim(reference, noisy(60), whole(reference))
    expect(slight).toBeLessThan(1)
    expect(strong).toBeLessThan(slight)
  })

  test('counts the same added noise less on busy texture than on a smooth area (contrast masking)', () => {
    const random = seededRandom(2)
    const noise = Array.from({ length: 64 * 64 }, () => (random() - 0.5) * 16)
    const smooth = image(64, 64, (x) => 100 + x / 2)
    const texture = image(64, 64, (x, y) => 128 + 80 * (((x >> 1) + (y >> 1)) % 2 ? 1 : -1))
    const plus = (p: Pixels): Pixels => image(64, 64, (x, y) => p.data[(y * 64 + x) * 3]! + noise[y * 64 + x]!)
    expect(regionSsim(texture, plus(texture), whole(texture))).toBeGreaterThan(regionSsim(smooth, plus(smooth), whole(smooth)))
  })

  test('sees a change in alpha as a change', () => {
    const rgba = (alpha: number): Pixels => {
      const data = new Uint8Array(32 * 32 * 4).fill(200)
      for (let i = 3; i < data.length; i += 4) data[i] = (i >> 6) % 2 ? alpha : 255
      return { data, width: 32, height: 32, channels: 4 }
    }
    expect(regionSsim(rgba(255), rgba(0), whole(rgba(255)))).toBeLessThan(0.9)
  })
})
