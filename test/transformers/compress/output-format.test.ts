import { chooseOutput, needsPictureFacts } from '../../../src/transformers/compress/output-format'

describe('chooseOutput', () => {
  test.each([
    ['jpeg', 'keep', 1, false, 'jpeg'],
    ['png', 'keep', 1, false, 'png'],
    ['webp', 'keep', 8, false, 'webp'],
    ['png', 'webp', 1, false, 'webp'],
    ['gif', 'webp', 8, false, 'webp'],
    ['gif', 'png', 1, false, 'png'],
    ['gif', 'keep', 8, true, 'gif'],
    ['gif', 'keep', 1, false, 'png'],
    ['gif', 'keep', 1, true, 'gif'],
    ['avif', 'keep', 1, true, 'avif'],
    ['webp', 'jpeg', 8, false, 'webp'],
    ['tiff', 'jpeg', 1, false, 'jpeg']
  ] as const)('writes %s with convertTo %s (%i frames, must rewrite: %s) as %s', (source, convertTo, pages, mustRewrite, format) => {
    expect(chooseOutput(source, convertTo, pages, mustRewrite).format).toBe(format)
  })

  test.each([
    ['gif', 'keep', 8, false, /^gif is uploaded as it is unless resized or converted$/],
    ['gif', 'jpeg', 8, false, /^jpeg cannot hold the 8 frames of this gif$/],
    ['avif', 'keep', 1, false, /^avif is uploaded as it is unless resized or converted$/],
    ['tiff', 'keep', 1, true, /^tiff is uploaded as it is \(set convertTo to convert it\)$/],
    [undefined, 'webp', 1, false, /^unknown image format$/]
  ] as const)('keeps %s with convertTo %s (%i frames, must rewrite: %s)', (source, convertTo, pages, mustRewrite, reason) => {
    const choice = chooseOutput(source, convertTo, pages, mustRewrite)
    expect(choice.format).toBeUndefined()
    expect(choice.reason).toMatch(reason)
  })

  test('a static GIF becomes a lossless PNG; a palette PNG asked for by convertTo stays lossy', () => {
    expect(chooseOutput('gif', 'keep', 1, false)).toEqual({ format: 'png', lossless: 'palette', reason: 'from a static GIF, lossless' })
    expect(chooseOutput('gif', 'png', 1, false).lossless).toBeUndefined()
  })

  test("when the original's metadata cannot be removed losslessly, a TIFF becomes a lossless PNG; other formats are rewritten as themselves", () => {
    expect(chooseOutput('tiff', 'keep', 1, false, true)).toEqual({ format: 'png', lossless: 'truecolour', reason: 'the only way to remove its EXIF/GPS' })
    expect(chooseOutput('tiff', 'webp', 1, false, true)).toEqual({ format: 'webp', reason: '' })
    expect(chooseOutput('avif', 'keep', 1, false, true)).toEqual({ format: 'avif', reason: '' })
    expect(chooseOutput('jpeg', 'keep', 1, false, true)).toEqual({ format: 'jpeg', reason: '' })
  })

  test('keeps an animated WebP animated, saying why, when asked for a one-frame format', () => {
    expect(chooseOutput('webp', 'png', 5, false)).toEqual({ format: 'webp', reason: 'not converted: png cannot hold 5 frames' })
  })
})

describe('needsPictureFacts', () => {
  test.each([
    ['png', 'keep', 1, true],
    ['jpeg', 'png', 1, true],
    ['png', 'keep', 4, false],
    ['gif', 'png', 6, false],
    ['jpeg', 'keep', 1, false],
    ['gif', 'keep', 1, false],
    ['png', 'webp', 1, false]
  ] as const)('%s with convertTo %s (%i frames): pixels read %s', (source, convertTo, pages, needed) => {
    expect(needsPictureFacts(source, convertTo, pages)).toBe(needed)
  })
})
