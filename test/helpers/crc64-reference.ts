// CRC-64/XZ written straight from its catalogue definition, one bit at a time in BigInt: too slow for real bodies,
// and sharing nothing with the table-driven versions in src/ and tools/oss-server/, which tests check against it.
// Catalogue: width 64, poly 0x42F0E1EBA9EA3693 (reflected 0xC96C5795D7870F42), init and xorout all ones, reflected.
const REFLECTED_POLY = BigInt('0xC96C5795D7870F42')
const ALL_ONES = BigInt('0xFFFFFFFFFFFFFFFF')
const ONE = BigInt(1)
const ZERO = BigInt(0)

export function referenceCrc64(bytes: Uint8Array): bigint {
  let crc = ALL_ONES
  for (const byte of bytes) {
    crc ^= BigInt(byte)
    for (let bit = 0; bit < 8; bit++) crc = (crc & ONE) === ZERO ? crc >> ONE : (crc >> ONE) ^ REFLECTED_POLY
  }
  return crc ^ ALL_ONES
}
