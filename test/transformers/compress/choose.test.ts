import { avifOrStandard, keepAfterEncode } from '../../../src/transformers/compress/choose'
import { MIN_SAVING, type Encode } from '../../../src/transformers/compress/plan'
import type { StageImage } from '../../../src/transformers/types'

const PLAN: Encode = {
  action: 'encode',
  source: 'png',
  format: 'png',
  quality: 80,
  remark: '',
  orientation: 1,
  resized: false,
  hasAlpha: false,
  mark: { size: { width: 10, height: 10 }, skip: 'off' },
  keepOriginalUnder: MIN_SAVING
}

describe('keepAfterEncode: the re-encode against the original as it would go up', () => {
  test.each([
    [960, 1000, 'saved only 4%'],
    [1001, 1000, 'made it 0.1% bigger']
  ])('%i bytes against %i: the original is kept (%s)', (encoded, original, why) => {
    expect(keepAfterEncode(PLAN, encoded, original, 'png palette q80')).toEqual({
      action: 'keep',
      format: 'png',
      reason: `re-encoding (png palette q80) ${why}`
    })
  })

  test('a saving of 5 % or more takes the re-encode', () => {
    expect(keepAfterEncode(PLAN, 950, 1000, '')).toBeUndefined()
  })

  test('for a resize or a conversion (margin 0), a copy no bigger wins; a bigger one does not', () => {
    const resize = { ...PLAN, keepOriginalUnder: 0 }
    expect(keepAfterEncode(resize, 1000, 1000, '')).toBeUndefined()
    expect(keepAfterEncode(resize, 1001, 1000, 'png palette q80, resized 20×20 → 10×10')?.reason).toBe(
      're-encoding (png palette q80, resized 20×20 → 10×10) made it 0.1% bigger'
    )
  })

  test('a plan whose re-encode must go up (upright, watermark, leaking original) keeps it whatever its size', () => {
    expect(keepAfterEncode({ ...PLAN, keepOriginalUnder: undefined }, 5000, 1000, '')).toBeUndefined()
  })
})

describe('avifOrStandard', () => {
  const image = (contentType: string, size: number): StageImage => ({ buffer: Buffer.alloc(size), fileName: 'a.png', extname: '.x', contentType, notes: ['n'] })

  test('a smaller AVIF goes up', () => {
    const avif = image('image/avif', 10)
    expect(avifOrStandard(avif, image('image/png', 11))).toBe(avif)
  })

  test("otherwise the default path's result, and a note why", () => {
    expect(avifOrStandard(image('image/avif', 11), image('image/png', 11)).notes).toEqual([
      'n',
      "AVIF (11 B) was not smaller than the default path's 11 B: stored that"
    ])
    expect(avifOrStandard(image('image/png', 5), image('image/png', 11)).notes).toEqual(['n', "AVIF was not smaller than the default path's 11 B: stored that"])
  })
})
