import { fileTypeOf, sniffFormat } from '../../src/image/image-format'

const bytes = (...values: Array<number | string>): Buffer =>
  Buffer.concat(values.map((v) => (typeof v === 'string' ? Buffer.from(v, 'latin1') : Buffer.from([v]))))
const ftyp = (major: string, ...compatible: string[]): Buffer => {
  const box = bytes(0, 0, 0, 16 + 4 * compatible.length, 'ftyp', major, 0, 0, 0, 0, ...compatible)
  return Buffer.concat([box, Buffer.alloc(16)])
}

describe('sniffFormat', () => {
  test.each([
    ['jpeg', bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10)],
    ['png', bytes(0x89, 'PNG\r\n', 0x1a, '\n', 0, 0, 0, 13)],
    ['gif', bytes('GIF89a', 1, 0)],
    ['gif', bytes('GIF87a', 1, 0)],
    ['webp', bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 ')],
    ['avif', ftyp('avif', 'mif1', 'miaf')],
    ['avif', ftyp('mif1', 'avif')],
    ['heif', ftyp('heic', 'mif1', 'heic')],
    ['tiff', bytes('II*', 0, 8, 0, 0, 0)],
    ['tiff', bytes('MM', 0, '*', 0, 0, 0, 8)],
    ['jxl', bytes(0xff, 0x0a, 0, 0)],
    ['bmp', Buffer.concat([bytes('BM'), Buffer.alloc(40)])],
    ['ico', bytes(0, 0, 1, 0, 1, 0)],
    ['svg', bytes('<svg xmlns="http://www.w3.org/2000/svg"/>')],
    ['svg', bytes(0xef, 0xbb, 0xbf, '<?xml version="1.0"?>\n<!-- by hand -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x">\n<svg>')]
  ])('recognises %s from its first bytes', (format, input) => {
    expect(sniffFormat(input)).toBe(format)
  })

  test.each([
    ['random bytes', Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])],
    ['an empty buffer', Buffer.alloc(0)],
    ['HTML', Buffer.from('<!DOCTYPE html><html><body><svg></svg></body></html>')],
    ['other XML', Buffer.from('<?xml version="1.0"?><rss/>')]
  ])('does not mistake %s for an image', (_name, input) => {
    expect(sniffFormat(input)).toBeUndefined()
  })
})

test.each([
  ['jpeg', '.jpg', 'image/jpeg'],
  ['png', '.png', 'image/png'],
  ['webp', '.webp', 'image/webp'],
  ['avif', '.avif', 'image/avif'],
  ['gif', '.gif', 'image/gif'],
  ['svg', '.svg', 'image/svg+xml']
] as const)('uploads %s as %s with type %s', (format, extname, contentType) => {
  expect(fileTypeOf(format)).toEqual({ extname, contentType })
})
