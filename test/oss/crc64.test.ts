import { randomBytes } from 'node:crypto'
import { crc64, crc64Digest, crc64Start, crc64Update } from '../../src/oss/crc64'
import { crc64 as serverCrc64 } from '../../tools/oss-server'
import { referenceCrc64 } from '../helpers/crc64-reference'

describe('crc64 (CRC-64/XZ as OSS x-oss-hash-crc64ecma)', () => {
  test('matches the check value of the CRC-64/XZ catalogue entry', () => {
    expect(BigInt(crc64(Buffer.from('123456789'))).toString(16)).toBe('995dc9bbdf1939fa')
  })

  test('of no bytes is 0', () => {
    expect(crc64(Buffer.alloc(0))).toBe('0')
  })

  test('changes when one bit changes', () => {
    const a = Buffer.alloc(4096, 7)
    const b = Buffer.from(a)
    b[100] = (b[100] as number) ^ 1
    expect(crc64(a)).not.toBe(crc64(b))
  })

  // Eight bytes a step plus a byte-at-a-time tail: every length modulo 8, at several offsets.
  test('agrees with the bitwise reference, and with the local OSS server, for every length up to 100', () => {
    for (let length = 0; length <= 100; length++) {
      const bytes = randomBytes(length)
      for (const slice of [bytes, bytes.subarray(3)]) {
        const expected = String(referenceCrc64(slice))
        expect(crc64(slice)).toBe(expected)
        expect(String(serverCrc64(slice))).toBe(expected)
      }
    }
  })

  test('the bitwise reference itself gives the catalogue check value', () => {
    expect(referenceCrc64(Buffer.from('123456789')).toString(16)).toBe('995dc9bbdf1939fa')
  })

  test('fed in chunks of any size, gives the same CRC as the whole buffer', () => {
    const bytes = randomBytes(10_000)
    for (const chunkSize of [1, 3, 7, 8, 9, 64, 4097]) {
      const state = crc64Start()
      for (let offset = 0; offset < bytes.length; offset += chunkSize) crc64Update(state, bytes.subarray(offset, offset + chunkSize))
      expect(crc64Digest(state)).toBe(crc64(bytes))
    }
    expect(crc64Digest(crc64Start())).toBe('0')
  })
})
