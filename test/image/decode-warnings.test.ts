import { damageIn, leavesPixelsIntact } from '../../src/image/decode-warnings'

test.each(['sBIT: bad length', 'pHYs: CRC error', 'tIME: invalid', 'unknown EXIF resolution unit'])('"%s" leaves the pixels intact', (warning) => {
  expect(leavesPixelsIntact(warning)).toBe(true)
})

test.each([
  'tRNS: invalid',
  'iCCP: profile too short',
  'IDAT: Too much image data',
  'Premature end of JPEG file',
  'gAMA: out of range',
  'read gave 2 warnings',
  'SBIT: bad length'
])('"%s" counts as damage', (warning) => {
  expect(leavesPixelsIntact(warning)).toBe(false)
})

test('damageIn names the first harmful warning and skips the harmless ones', () => {
  expect(damageIn(['sBIT: bad length', 'IDAT: invalid distance too far back'])).toBe('IDAT: invalid distance too far back')
  expect(damageIn(['sBIT: bad length', 'sBIT: bad length'])).toBeUndefined()
})
