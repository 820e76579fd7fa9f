import sharp from 'sharp'
import { stripMetadata } from '../../src/image/strip-metadata'
import {
  animatedGif,
  jpegSegments,
  jpegWithGps,
  jpegWithIcc,
  orientedJpeg,
  photoJpeg,
  pngChunkTypes,
  pngWithMetadata,
  webpChunkTypes,
  webpWithMetadata
} from '../fixtures/images'
import { box, FIXTURE_MAKE, JXL_CODESTREAM, JXL_CONTAINER_START, jxlWithExif } from '../fixtures/tiff-jxl'

const pixels = (image: Buffer, animated = false): Promise<Buffer> => sharp(image, { animated }).raw().toBuffer()

describe('stripMetadata: JPEG', () => {
  test('removes the APP1 EXIF and XMP segments and keeps the pixels', async () => {
    const input = await jpegWithGps()
    expect(jpegSegments(input).filter((s) => s.marker === 0xffe1)).toHaveLength(2)
    const result = stripMetadata(input, 'jpeg')
    expect(result).toMatchObject({ removed: ['EXIF', 'XMP'], complete: true })
    expect(jpegSegments(result.buffer).map((s) => s.marker)).not.toContain(0xffe1)
    const meta = await sharp(result.buffer).metadata()
    expect(meta.exif).toBeUndefined()
    expect(meta.xmp).toBeUndefined()
    expect((await pixels(result.buffer)).equals(await pixels(input))).toBe(true)
  })

  test('keeps the ICC profile (APP2)', async () => {
    const input = await sharp(await jpegWithIcc())
      .withExif({ IFD0: { Make: 'FixtureCam' } })
      .keepIccProfile()
      .jpeg()
      .toBuffer()
    const result = stripMetadata(input, 'jpeg')
    expect(result.removed).toEqual(['EXIF'])
    expect((await sharp(result.buffer).metadata()).icc).toEqual((await sharp(input).metadata()).icc)
  })

  test('removes comments, IPTC (APP13) and data after the end of the image', async () => {
    const input = await photoJpeg({ width: 32, height: 32 })
    const comment = Buffer.from([0xff, 0xfe, 0x00, 0x07, ...Buffer.from('hello')])
    const iptc = Buffer.from([0xff, 0xed, 0x00, 0x08, ...Buffer.from('8BIM\0\0')])
    const withExtras = Buffer.concat([input.subarray(0, 2), comment, iptc, input.subarray(2), Buffer.from('motion photo video')])
    const result = stripMetadata(withExtras, 'jpeg')
    expect(result.removed).toEqual(['comment', 'IPTC', 'trailing data'])
    expect(result.buffer.equals(input)).toBe(true)
  })

  test('can keep only the orientation, in a minimal EXIF block sharp reads back', async () => {
    const input = await sharp(await orientedJpeg(6))
      .withExifMerge({ IFD0: { Make: 'FixtureCam' } })
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer()
    const result = stripMetadata(input, 'jpeg', { orientation: 6 })
    const meta = await sharp(result.buffer).metadata()
    expect(meta.orientation).toBe(6)
    expect(meta.exif!.toString('latin1')).not.toContain('FixtureCam')
    expect(meta.exif!.length).toBeLessThan(40)
  })

  test('returns the same Buffer, uncopied, when there is nothing to remove', async () => {
    const input = await photoJpeg({ width: 32, height: 32 })
    const result = stripMetadata(input, 'jpeg')
    expect(result.buffer).toBe(input)
    expect(result.removed).toEqual([])
  })

  test('leaves a file it cannot walk as it is and says so', async () => {
    const input = await jpegWithGps()
    const broken = Buffer.from(input)
    broken.writeUInt16BE(0xfff0, 4) // the first segment claims to run past the end of the file
    const result = stripMetadata(broken, 'jpeg')
    expect(result.complete).toBe(false)
    expect(result.buffer.equals(broken)).toBe(true)
  })

  test('a segment whose length is under 2 (it counts its own two bytes) stops the walk: the rest stays as it was', async () => {
    const input = await jpegWithGps()
    const exif = jpegSegments(input).find((s) => s.marker === 0xffe1)!
    const exifAt = input.indexOf(exif.payload) - 4
    const broken = Buffer.from(input)
    broken.writeUInt16BE(0, exifAt + 2)
    const result = stripMetadata(broken, 'jpeg')
    expect(result).toMatchObject({ removed: [], complete: false })
    expect(result.buffer.equals(broken)).toBe(true)
  })

  test('keeps 0xFF fill bytes and markers without a length (TEM) where they are, and still removes the EXIF', async () => {
    const input = await jpegWithGps()
    const odd = Buffer.concat([input.subarray(0, 2), Buffer.from([0xff, 0xff, 0x01]), input.subarray(2)])
    const result = stripMetadata(odd, 'jpeg')
    expect(result.complete).toBe(true)
    expect(result.removed).toContain('EXIF')
    expect(result.buffer.subarray(0, 5).equals(Buffer.from([0xff, 0xd8, 0xff, 0xff, 0x01]))).toBe(true)
    expect(result.buffer.includes(Buffer.from('FixtureCam'))).toBe(false)
  })

  test('a file cut short right after a whole segment, before its image data, has nothing left to hide: complete', async () => {
    const input = await jpegWithGps()
    const exif = jpegSegments(input).find((s) => s.marker === 0xffe1)!
    const exifEnd = input.indexOf(exif.payload) + exif.payload.length
    const cut = input.subarray(0, exifEnd)
    const result = stripMetadata(cut, 'jpeg')
    expect(result).toMatchObject({ removed: ['EXIF'], complete: true })
    expect(result.buffer.includes(Buffer.from('FixtureCam'))).toBe(false)
  })

  test('does not modify its input', async () => {
    const input = await jpegWithGps()
    const copy = Buffer.from(input)
    stripMetadata(input, 'jpeg', { orientation: 3 })
    expect(input.equals(copy)).toBe(true)
  })
})

describe('stripMetadata: PNG', () => {
  test('removes eXIf and text chunks and keeps the pixels', async () => {
    const input = await pngWithMetadata()
    expect(pngChunkTypes(input)).toEqual(expect.arrayContaining(['eXIf', 'zTXt', 'tEXt']))
    const result = stripMetadata(input, 'png')
    expect(result.removed.sort()).toEqual(['EXIF', 'text'])
    expect(pngChunkTypes(result.buffer)).toEqual(pngChunkTypes(input).filter((t) => !['eXIf', 'zTXt', 'tEXt'].includes(t)))
    const meta = await sharp(result.buffer).metadata()
    expect([meta.exif, meta.xmp, meta.comments]).toEqual([undefined, undefined, undefined])
    expect((await pixels(result.buffer)).equals(await pixels(input))).toBe(true)
  })

  test('a PNG cut short after a whole chunk, before IDAT, is complete; one whose chunk runs past the end is not', async () => {
    const input = await pngWithMetadata()
    const idat = input.indexOf(Buffer.from('IDAT')) - 4
    const cut = input.subarray(0, idat)
    expect(pngChunkTypes(cut)).toContain('eXIf')
    const result = stripMetadata(cut, 'png')
    expect(result.complete).toBe(true)
    expect(pngChunkTypes(result.buffer)).not.toContain('eXIf')
    expect(stripMetadata(input.subarray(0, idat + 20), 'png').complete).toBe(false)
  })

  test('keeps the iCCP profile chunk', async () => {
    const input = await sharp(await pngWithMetadata())
      .withIccProfile('p3')
      .withExif({ IFD0: { Make: 'x' } })
      .png()
      .toBuffer()
    expect(pngChunkTypes(input)).toContain('iCCP')
    expect(pngChunkTypes(stripMetadata(input, 'png').buffer)).toContain('iCCP')
  })
})

describe('stripMetadata: WebP', () => {
  test('removes the EXIF and XMP chunks, clears their VP8X flags, fixes the RIFF size and still decodes', async () => {
    const input = await webpWithMetadata()
    expect(webpChunkTypes(input)).toEqual(['VP8X', 'VP8 ', 'EXIF', 'XMP '])
    const result = stripMetadata(input, 'webp')
    expect(result.removed).toEqual(['EXIF', 'XMP'])
    expect(webpChunkTypes(result.buffer)).toEqual(['VP8X', 'VP8 '])
    expect(result.buffer.readUInt32LE(4)).toBe(result.buffer.length - 8)
    expect(result.buffer[20]! & 0x0c).toBe(0)
    const meta = await sharp(result.buffer).metadata()
    expect([meta.exif, meta.xmp]).toEqual([undefined, undefined])
    expect((await pixels(result.buffer)).equals(await pixels(input))).toBe(true)
  })
})

describe('stripMetadata: GIF', () => {
  test('removes comment and unknown application extensions but keeps every frame and the loop', async () => {
    const input = await animatedGif(3)
    const afterColourTable = 13 + 3 * 2 ** ((input[10]! & 7) + 1)
    const comment = Buffer.from([0x21, 0xfe, 5, ...Buffer.from('hello'), 0])
    const xmp = Buffer.from([0x21, 0xff, 11, ...Buffer.from('XMP DataXMP'), 3, 1, 2, 3, 0])
    const withExtras = Buffer.concat([input.subarray(0, afterColourTable), comment, xmp, input.subarray(afterColourTable)])
    const result = stripMetadata(withExtras, 'gif')
    expect(result.removed).toEqual(['comment', 'XMP'])
    expect(result.buffer.equals(input)).toBe(true)
    expect((await sharp(result.buffer, { animated: true }).metadata()).pages).toBe(3)
  })
})

describe('stripMetadata: other formats', () => {
  test.each([
    ['tiff', false],
    ['avif', false],
    [undefined, false],
    ['svg', true]
  ] as const)('leaves %s bytes as they are (complete: %s)', (format, complete) => {
    const input = Buffer.from('whatever bytes')
    expect(stripMetadata(input, format)).toEqual({ buffer: input, length: input.length, removed: [], complete })
  })
})

describe('stripMetadata: HEIF and AVIF', () => {
  test("blanks an AVIF's EXIF item in place: same size, still decodes, no camera data", async () => {
    const avif = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#c04020' } })
      .avif()
      .withExif({ IFD0: { Make: 'FixtureCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '31/1 14/1 2400/100' } })
      .toBuffer()
    expect(avif.includes(Buffer.from('FixtureCam'))).toBe(true)
    const result = stripMetadata(avif, 'avif')
    expect(result).toMatchObject({ removed: ['EXIF'], complete: true })
    expect(result.buffer.length).toBe(avif.length)
    expect(result.buffer.includes(Buffer.from('FixtureCam'))).toBe(false)
    expect((await sharp(result.buffer).raw().toBuffer({ resolveWithObject: true })).info).toMatchObject({ width: 32, height: 24 })
  })

  test('a HEIF whose boxes break off is left as it was and reported incomplete', () => {
    const broken = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic\0\0\0\0mif1heic'), Buffer.from([0, 0, 0x10, 0, 0x6d, 0x65, 0x74, 0x61])])
    const result = stripMetadata(broken, 'heif')
    expect(result.buffer).toBe(broken)
    expect(result.complete).toBe(false)
  })
})

describe('stripMetadata: JPEG XL', () => {
  const make = Buffer.from(FIXTURE_MAKE)
  /** A brob box: the compressed box's type, then (here: made-up) Brotli bytes. */
  const brob = (inner: string): Buffer => box('brob', Buffer.concat([Buffer.from(inner, 'latin1'), Buffer.from([0x1b, 0x11, 0x01, 0x00])]))

  test('drops the Exif and XMP boxes of a container and keeps its codestream byte for byte', () => {
    const input = jxlWithExif()
    expect(input.includes(make)).toBe(true)
    const result = stripMetadata(input, 'jxl')
    expect(result).toMatchObject({ removed: ['EXIF', 'XMP'], complete: true })
    expect(result.buffer.equals(Buffer.concat([JXL_CONTAINER_START, box('jxlc', JXL_CODESTREAM)]))).toBe(true)
    expect(result.buffer.includes(make)).toBe(false)
  })

  test('drops JUMBF, Brotli-compressed metadata, JPEG reconstruction data and unknown boxes; keeps level, index, parts and gain map in order', () => {
    const kept = [
      box('jxll', Buffer.from([10])),
      box('jxli', Buffer.from([0])),
      box('jxlp', Buffer.concat([Buffer.alloc(4), JXL_CODESTREAM.subarray(0, 20)])),
      box('jhgm', Buffer.from([0])),
      box('jxlp', Buffer.concat([Buffer.from([0x80, 0, 0, 1]), JXL_CODESTREAM.subarray(20)]))
    ]
    const input = Buffer.concat([
      JXL_CONTAINER_START,
      kept[0]!,
      box('jumb', make),
      kept[1]!,
      brob('Exif'),
      kept[2]!,
      box('jbrd', make),
      brob('xml '),
      kept[3]!,
      box('abcd', make),
      brob('jumb'),
      kept[4]!
    ])
    const result = stripMetadata(input, 'jxl')
    expect(result.removed).toEqual(['JUMBF', 'EXIF', 'JPEG reconstruction data', 'XMP', 'box abcd'])
    expect(result.complete).toBe(true)
    expect(result.buffer.equals(Buffer.concat([JXL_CONTAINER_START, ...kept]))).toBe(true)
  })

  test('a metadata box after the codestream, a 64-bit box size, and a last box running to the end (size 0) are handled', () => {
    const large = Buffer.alloc(16)
    large.writeUInt32BE(1, 0)
    large.write('Exif', 4, 'latin1')
    large.writeBigUInt64BE(BigInt(16 + 4 + make.length), 8)
    const toEnd = Buffer.concat([Buffer.from([0, 0, 0, 0]), Buffer.from('xml '), make])
    const input = Buffer.concat([JXL_CONTAINER_START, box('jxlc', JXL_CODESTREAM), large, Buffer.alloc(4), make, toEnd])
    const result = stripMetadata(input, 'jxl')
    expect(result).toMatchObject({ removed: ['EXIF', 'XMP'], complete: true })
    expect(result.buffer.equals(Buffer.concat([JXL_CONTAINER_START, box('jxlc', JXL_CODESTREAM)]))).toBe(true)
  })

  test('a metadata box cut short is dropped to the end of the file: nothing is left to hide', () => {
    const cut = Buffer.concat([JXL_CONTAINER_START, box('jxlc', JXL_CODESTREAM), box('Exif', make).subarray(0, 10)])
    expect(stripMetadata(cut, 'jxl')).toMatchObject({ removed: ['EXIF'], complete: true })
  })

  test('a kept box that claims more bytes than the file has is incomplete: its size may be damaged, with boxes after it', () => {
    const codestream = box('jxlc', JXL_CODESTREAM)
    codestream.writeUInt32BE(0x7fffffff, 0)
    const damaged = Buffer.concat([JXL_CONTAINER_START, codestream, box('Exif', make)])
    expect(stripMetadata(damaged, 'jxl')).toMatchObject({ buffer: damaged, complete: false })
  })

  test('a box header that cannot be read leaves the file as it was, reported incomplete', () => {
    const broken = Buffer.concat([JXL_CONTAINER_START, Buffer.from([0, 0, 0, 3]), Buffer.from('Exif'), make])
    expect(stripMetadata(broken, 'jxl')).toEqual({ buffer: broken, length: broken.length, removed: [], complete: false })
    const short = Buffer.concat([JXL_CONTAINER_START, Buffer.from([0, 0])])
    expect(stripMetadata(short, 'jxl')).toEqual({ buffer: short, length: short.length, removed: [], complete: false })
  })

  test('a bare codestream has no boxes and so no metadata: unchanged and complete', () => {
    expect(stripMetadata(JXL_CODESTREAM, 'jxl')).toEqual({ buffer: JXL_CODESTREAM, length: JXL_CODESTREAM.length, removed: [], complete: true })
  })
})

describe('stripMetadata: the stripped length is known before the bytes are copied', () => {
  test.each([
    ['a JPEG with GPS', () => jpegWithGps(), 'jpeg'],
    ['a PNG with metadata chunks', () => pngWithMetadata(), 'png'],
    ['a WebP with metadata', () => webpWithMetadata(), 'webp']
  ] as const)("%s: length is the stripped buffer's, and the input is untouched", async (_, make, format) => {
    const input = await make()
    const before = Buffer.from(input)
    const stripped = stripMetadata(input, format)
    expect(stripped.length).toBeLessThan(input.length)
    expect(stripped.buffer.length).toBe(stripped.length)
    expect(stripped.buffer).toBe(stripped.buffer) // copied once
    expect(input.equals(before)).toBe(true)
  })
})
