// CRC-64/XZ (ECMA-182 polynomial, reflected), which OSS returns as x-oss-hash-crc64ecma.
// Computed on two 32-bit halves (BigInt per byte would be ~50x slower), eight bytes per step with
// eight tables ("slicing-by-8"): about 4x faster than a byte at a time, which took 2.5 s for 200 MB.
const POLY_HI = 0xc96c5795
const POLY_LO = 0xd7870f42
const SLICES = 8
/** TABLE_HI[k * 256 + n], TABLE_LO[k * 256 + n]: the CRC of byte n followed by k zero bytes. */
const TABLE_HI = new Uint32Array(SLICES * 256)
const TABLE_LO = new Uint32Array(SLICES * 256)

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
for (let k = 1; k < SLICES; k++) {
  for (let n = 0; n < 256; n++) {
    const hi = TABLE_HI[(k - 1) * 256 + n] as number
    const lo = TABLE_LO[(k - 1) * 256 + n] as number
    const index = lo & 0xff
    TABLE_LO[k * 256 + n] = (((lo >>> 8) | ((hi & 0xff) << 24)) ^ (TABLE_LO[index] as number)) >>> 0
    TABLE_HI[k * 256 + n] = ((hi >>> 8) ^ (TABLE_HI[index] as number)) >>> 0
  }
}

/** CRC-64/XZ of the bytes, as the unsigned decimal string OSS sends. */
export function crc64(data: Uint8Array): string {
  return crc64Digest(crc64Update(crc64Start(), data))
}

/** A running CRC-64/XZ, for data that arrives in chunks: crc64Update(state, chunk) per chunk, then crc64Digest(state). */
export interface Crc64State {
  /** The register's two 32-bit halves, before the final inversion. */
  hi: number
  lo: number
}

export const crc64Start = (): Crc64State => ({ hi: 0xffffffff, lo: 0xffffffff })

/** Adds the chunk to the state (in place) and returns the state. */
export function crc64Update(state: Crc64State, data: Uint8Array): Crc64State {
  let { hi, lo } = state
  const whole = data.length - (data.length % SLICES)
  let i = 0
  for (; i < whole; i += SLICES) {
    // XOR the next eight bytes (little-endian) into the CRC, then look each byte up at its distance from the end.
    const l = (lo ^ ((data[i] as number) | ((data[i + 1] as number) << 8) | ((data[i + 2] as number) << 16) | ((data[i + 3] as number) << 24))) >>> 0
    const h = (hi ^ ((data[i + 4] as number) | ((data[i + 5] as number) << 8) | ((data[i + 6] as number) << 16) | ((data[i + 7] as number) << 24))) >>> 0
    const a = 7 * 256 + (l & 0xff)
    const b = 6 * 256 + ((l >>> 8) & 0xff)
    const c = 5 * 256 + ((l >>> 16) & 0xff)
    const d = 4 * 256 + (l >>> 24)
    const e = 3 * 256 + (h & 0xff)
    const f = 2 * 256 + ((h >>> 8) & 0xff)
    const g = 256 + ((h >>> 16) & 0xff)
    const z = h >>> 24
    lo =
      ((TABLE_LO[a] as number) ^
        (TABLE_LO[b] as number) ^
        (TABLE_LO[c] as number) ^
        (TABLE_LO[d] as number) ^
        (TABLE_LO[e] as number) ^
        (TABLE_LO[f] as number) ^
        (TABLE_LO[g] as number) ^
        (TABLE_LO[z] as number)) >>>
      0
    hi =
      ((TABLE_HI[a] as number) ^
        (TABLE_HI[b] as number) ^
        (TABLE_HI[c] as number) ^
        (TABLE_HI[d] as number) ^
        (TABLE_HI[e] as number) ^
        (TABLE_HI[f] as number) ^
        (TABLE_HI[g] as number) ^
        (TABLE_HI[z] as number)) >>>
      0
  }
  for (; i < data.length; i++) {
    const index = (lo ^ (data[i] as number)) & 0xff
    lo = (((lo >>> 8) | ((hi & 0xff) << 24)) ^ (TABLE_LO[index] as number)) >>> 0
    hi = ((hi >>> 8) ^ (TABLE_HI[index] as number)) >>> 0
  }
  state.hi = hi
  state.lo = lo
  return state
}

/** The CRC-64/XZ of everything added so far, as the unsigned decimal string OSS sends. */
export function crc64Digest(state: Crc64State): string {
  const hi = (state.hi ^ 0xffffffff) >>> 0
  const lo = (state.lo ^ 0xffffffff) >>> 0
  return ((BigInt(hi) << BigInt(32)) | BigInt(lo)).toString()
}
