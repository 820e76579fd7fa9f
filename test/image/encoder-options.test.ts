import { encoderOptions } from '../../src/image/encoder-options'

describe('encoderOptions: the palette PNG', () => {
  test('flat art is quantised without dither, at effort 5 (no second remap for a dither map)', () => {
    expect(encoderOptions('png', 80, { palette: 'flat' })).toMatchObject({ palette: true, quality: 80, dither: 0, effort: 5 })
  })

  test('a smooth picture, and a palette whose kind is not named, is dithered at half strength at effort 7', () => {
    expect(encoderOptions('png', 70, { palette: 'smooth' })).toMatchObject({ palette: true, quality: 70, dither: 0.5, effort: 7 })
    expect(encoderOptions('png', 70)).toEqual(encoderOptions('png', 70, { palette: 'smooth' }))
  })

  test('a lossless palette keeps every pixel whatever the kind', () => {
    expect(encoderOptions('png', 80, { lossless: 'palette', palette: 'flat' })).toMatchObject({ quality: 100, dither: 0 })
    expect(encoderOptions('png', 80, { lossless: 'palette', palette: 'smooth' })).toEqual(encoderOptions('png', 80, { lossless: 'palette', palette: 'flat' }))
  })
})

describe('encoderOptions: the JPEG', () => {
  test('mozjpeg at the quality asked, scans not searched', () => {
    expect(encoderOptions('jpeg', 80)).toEqual({ quality: 80, mozjpeg: true, optimiseScans: false })
  })

  test("one pass keeps no coefficient buffer: baseline, no trellis, no Huffman optimisation, still mozjpeg's tables", () => {
    expect(encoderOptions('jpeg', 80, { onePass: true })).toEqual({
      quality: 80,
      quantisationTable: 3,
      overshootDeringing: true,
      progressive: false,
      trellisQuantisation: false,
      optimiseCoding: false
    })
  })
})
