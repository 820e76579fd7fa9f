// CRC-64/XZ (ECMA-182 polynomial, reflected), which OSS returns as x-oss-hash-crc64ecma.
// Computed on two 32-bit halves: BigInt per byte would be ~50x slower.
const POLY_HI = 0xc96c5795
const POLY_LO = 0xd7870f42
const TABLE_HI = new Uint32Array(256)
const TABLE_LO = new Uint32Array(256)

for (let n = 0; n < 256; n++) {
  let hi = 0
  let lo = n
  for (let bit = 0; bit < 8; bit++) {
    const carry = lo & 1
    lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0
    hi = hi >>> 1
    if (carry) {
      hi = (hi ^ POLY_HI) >>> 0
      lo = (lo ^ POLY_LO) >>> 0
    }
  }
  TABLE_HI[n] = hi
  TABLE_LO[n] = lo
}

/** CRC-64/XZ of the bytes, as the unsigned decimal string OSS sends. */
export function crc64(data: Uint8Array): string {
  let hi = 0xffffffff
  let lo = 0xffffffff
  for (let i = 0; i < data.length; i++) {
    const index = (lo ^ (data[i] as number)) & 0xff
    lo = (((lo >>> 8) | ((hi & 0xff) << 24)) ^ (TABLE_LO[index] as number)) >>> 0
    hi = ((hi >>> 8) ^ (TABLE_HI[index] as number)) >>> 0
  }
  hi = (hi ^ 0xffffffff) >>> 0
  lo = (lo ^ 0xffffffff) >>> 0
  return ((BigInt(hi) << 32n) | BigInt(lo)).toString()
}
