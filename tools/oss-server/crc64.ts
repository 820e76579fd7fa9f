// CRC-64/XZ (ECMA-182 polynomial, reflected, init and final xor all ones): the value OSS sends
// as x-oss-hash-crc64ecma. Computed on two 32-bit halves with slicing-by-8 tables, because BigInt
// per byte is far too slow for bodies of hundreds of megabytes.

const POLY_HIGH = 0xc96c5795
const POLY_LOW = 0xd7870f42
const ALL_ONES = 0xffffffffffffffffn

// Table k (k = 0..7) at offset k * 256: the CRC of byte n followed by k zero bytes.
const TABLE_HIGH = new Uint32Array(8 * 256)
const TABLE_LOW = new Uint32Array(8 * 256)
for (let n = 0; n < 256; n++) {
  let high = 0
  let low = n
  for (let bit = 0; bit < 8; bit++) {
    const carry = low & 1
    low = ((low >>> 1) | (high << 31)) >>> 0
    high = high >>> 1
    if (carry) {
      low = (low ^ POLY_LOW) >>> 0
      high = (high ^ POLY_HIGH) >>> 0
    }
  }
  TABLE_HIGH[n] = high
  TABLE_LOW[n] = low
}
for (let k = 1; k < 8; k++) {
  for (let n = 0; n < 256; n++) {
    const high = TABLE_HIGH[(k - 1) * 256 + n]!
    const low = TABLE_LOW[(k - 1) * 256 + n]!
    const index = low & 0xff
    TABLE_LOW[k * 256 + n] = (((low >>> 8) | (high << 24)) ^ TABLE_LOW[index]!) >>> 0
    TABLE_HIGH[k * 256 + n] = ((high >>> 8) ^ TABLE_HIGH[index]!) >>> 0
  }
}

/** Incremental CRC-64/XZ, for hashing a body while it streams in. */
export class Crc64 {
  private high: number
  private low: number

  constructor(previous = 0n) {
    const state = previous ^ ALL_ONES
    this.high = Number(state >> 32n) | 0
    this.low = Number(state & 0xffffffffn) | 0
  }

  update(data: Uint8Array): this {
    const TH = TABLE_HIGH
    const TL = TABLE_LOW
    let high = this.high
    let low = this.low
    let i = 0
    for (const end = data.length - 8; i <= end; i += 8) {
      low ^= data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24)
      high ^= data[i + 4]! | (data[i + 5]! << 8) | (data[i + 6]! << 16) | (data[i + 7]! << 24)
      const a = 7 * 256 + (low & 0xff),
        b = 6 * 256 + ((low >>> 8) & 0xff),
        c = 5 * 256 + ((low >>> 16) & 0xff),
        d = 4 * 256 + (low >>> 24)
      const e = 3 * 256 + (high & 0xff),
        f = 2 * 256 + ((high >>> 8) & 0xff),
        g = 256 + ((high >>> 16) & 0xff),
        h = high >>> 24
      low = TL[a]! ^ TL[b]! ^ TL[c]! ^ TL[d]! ^ TL[e]! ^ TL[f]! ^ TL[g]! ^ TL[h]!
      high = TH[a]! ^ TH[b]! ^ TH[c]! ^ TH[d]! ^ TH[e]! ^ TH[f]! ^ TH[g]! ^ TH[h]!
    }
    for (; i < data.length; i++) {
      const index = (low ^ data[i]!) & 0xff
      low = ((low >>> 8) | (high << 24)) ^ TL[index]!
      high = (high >>> 8) ^ TH[index]!
    }
    this.high = high
    this.low = low
    return this
  }

  digest(): bigint {
    const state = (BigInt(this.high >>> 0) << 32n) | BigInt(this.low >>> 0)
    return state ^ ALL_ONES
  }
}

/** CRC-64/XZ of data; pass the CRC of the preceding bytes as previous to continue a running value. */
export function crc64(data: Uint8Array, previous = 0n): bigint {
  return new Crc64(previous).update(data).digest()
}
