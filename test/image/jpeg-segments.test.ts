import sharp from 'sharp'
import { walkJpeg } from '../../src/image/jpeg-segments'
import { photoJpeg } from '../fixtures/images'

const SOI = [0xff, 0xd8]
const EOI = [0xff, 0xd9]
/** A segment with a length field: marker, then the length (payload + 2), then the payload. */
const segment = (marker: number, payload: number[]): number[] => [0xff, marker, (payload.length + 2) >> 8, (payload.length + 2) & 0xff, ...payload]
const bytes = (...parts: number[][]): Buffer => Buffer.from(parts.flat())
const markers = (jpeg: Buffer, throughScans = false): number[] => walkJpeg(jpeg, { throughScans }).segments.map((s) => s.marker)

describe('walkJpeg', () => {
  test('a libjpeg file: the header segments in order, stopping at the first scan', async () => {
    const jpeg = await photoJpeg({ width: 16, height: 16 })
    const walk = walkJpeg(jpeg)
    expect(walk.segments.map((s) => s.marker)).toEqual(expect.arrayContaining([0xdb, 0xc0, 0xc4]))
    expect(walk.segments).not.toContainEqual(expect.objectContaining({ marker: 0xda }))
    expect(walk).toMatchObject({ end: 'scan', at: jpeg.lastIndexOf(Buffer.from([0xff, 0xda])) })
  })

  test('through scans: every scan of a progressive file, each with the end of its data, up to EOI in the last two bytes', async () => {
    const jpeg = await sharp(await photoJpeg({ width: 32, height: 32 }))
      .jpeg({ progressive: true })
      .toBuffer()
    const walk = walkJpeg(jpeg, { throughScans: true })
    const scans = walk.segments.filter((s) => s.marker === 0xda)
    expect(scans.length).toBeGreaterThan(1)
    for (const scan of scans) expect(jpeg[scan.dataEnd!]).toBe(0xff)
    // EOI in the last two bytes: too few for a segment, and nothing after it
    expect(walk).toMatchObject({ end: 'short', at: jpeg.length - 2 })
    expect(jpeg[jpeg.length - 1]).toBe(0xd9)
  })

  test('each segment ends where its length says; SOI is not one of them', () => {
    const jpeg = bytes(SOI, segment(0xe0, [1, 2, 3]), segment(0xdb, [9]), EOI, [0, 0])
    expect(walkJpeg(jpeg)).toEqual({
      segments: [
        { marker: 0xe0, start: 2, end: 9 },
        { marker: 0xdb, start: 9, end: 14 }
      ],
      end: 'end-of-image',
      at: 14
    })
  })

  test('0xFF fill bytes before a marker are skipped: the segment starts at the last 0xFF', () => {
    const walk = walkJpeg(bytes(SOI, [0xff, 0xff, 0xff], segment(0xe1, [7, 7]), EOI, [0, 0]))
    expect(walk.segments).toEqual([{ marker: 0xe1, start: 5, end: 11 }])
    expect(walk.end).toBe('end-of-image')
  })

  test('TEM and RST0-7 have no length: two bytes each, and the walk goes on', () => {
    const walk = walkJpeg(bytes(SOI, [0xff, 0x01], [0xff, 0xd7], segment(0xfe, [1]), EOI, [0, 0]))
    expect(walk.segments).toEqual([
      { marker: 0x01, start: 2, end: 4 },
      { marker: 0xd7, start: 4, end: 6 },
      { marker: 0xfe, start: 6, end: 11 }
    ])
  })

  test('entropy-coded data runs past stuffed bytes (FF 00), RSTn and fill bytes to the next marker', () => {
    const data = [1, 0xff, 0x00, 2, 0xff, 0xd0, 3, 0xff, 0xff]
    const jpeg = bytes(SOI, segment(0xda, [0]), data, EOI, [0, 0])
    const walk = walkJpeg(jpeg, { throughScans: true })
    expect(walk.segments).toEqual([{ marker: 0xda, start: 2, end: 7, dataEnd: 7 + data.length }])
    expect(walk).toMatchObject({ end: 'end-of-image', at: 7 + data.length })
  })

  test('scan data that never reaches a marker runs to the end of the bytes', () => {
    const jpeg = bytes(SOI, segment(0xda, [0]), [5, 6, 7, 8, 9])
    expect(walkJpeg(jpeg, { throughScans: true })).toMatchObject({ segments: [{ dataEnd: jpeg.length }], end: 'short', at: jpeg.length })
  })

  describe('hostile input ends the walk where the structure breaks, keeping the segments before', () => {
    test.each([
      ['a length running past the end', bytes(SOI, segment(0xe0, [1]), [0xff, 0xe1, 0x00, 0x40, 1, 2, 3]), 7],
      ['a length of 0', bytes(SOI, segment(0xe0, [1]), [0xff, 0xe1, 0x00, 0x00, 1, 2]), 7],
      ['a length of 1', bytes(SOI, segment(0xe0, [1]), [0xff, 0xe1, 0x00, 0x01, 1, 2]), 7],
      ['a byte that is not a marker', bytes(SOI, segment(0xe0, [1]), [0x12, 0x34, 0x56, 0x78]), 7],
      ['a marker without a length followed by no marker', bytes(SOI, segment(0xe0, [1]), [0xff, 0xd0, 0x00, 0x04, 1, 2]), 9]
    ])('%s', (_name, jpeg, at) => {
      const walk = walkJpeg(jpeg)
      expect(walk).toMatchObject({ end: 'broken', at })
      expect(walk.segments[0]).toEqual({ marker: 0xe0, start: 2, end: 7 })
    })

    test('a segment cut off in its length field: too few bytes left for another segment', () => {
      expect(walkJpeg(bytes(SOI, segment(0xe0, [1]), [0xff, 0xe1, 0x00]))).toMatchObject({ end: 'short', at: 7 })
      expect(walkJpeg(bytes(SOI))).toEqual({ segments: [], end: 'short', at: 2 })
    })

    test('fill bytes up to the end of the bytes', () => {
      expect(walkJpeg(bytes(SOI, segment(0xe0, [1]), [0xff, 0xff, 0xff, 0xff, 0xff]))).toMatchObject({ end: 'short', at: 9 })
    })

    test('EOI in the last two bytes is too short to tell from a cut segment, as every caller read it before', () => {
      expect(walkJpeg(bytes(SOI, segment(0xe0, [1]), EOI))).toMatchObject({ end: 'short', at: 7 })
    })
  })

  test('the walk stops at SOS without reading its length, when not walking through scans', () => {
    expect(walkJpeg(bytes(SOI, segment(0xdb, [1]), [0xff, 0xda, 0xff, 0xff]))).toMatchObject({ end: 'scan', at: 7 })
    expect(markers(bytes(SOI, segment(0xdb, [1]), segment(0xda, [0]), [1, 2], segment(0xe1, [1]), EOI), true)).toEqual([0xdb, 0xda, 0xe1])
  })
})
