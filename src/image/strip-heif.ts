/**
 * HEIF/HEIC/AVIF (ISO-BMFF) keep EXIF and XMP as items of the `meta` box, located by `iloc` extents. Their bytes
 * are overwritten with zeros in place: no offset moves, so the file stays valid and its pixels untouched, and
 * readers find an empty EXIF/XMP block. Only what `iloc` locates by file offset (construction method 0) is
 * handled; anything else leaves the file unchanged and reported incomplete.
 */

/** A byte range of the file to blank, and what it held. */
export interface Blank {
  start: number
  end: number
  what: 'EXIF' | 'XMP'
}

interface Box {
  type: string
  start: number
  body: number
  end: number
}

/** The ranges holding EXIF and XMP items, or undefined when the structure is not one this can walk. */
export function heifMetadataRanges(b: Buffer): Blank[] | undefined {
  const meta = children(b, 0, b.length).find((box) => box.type === 'meta')
  if (!meta) return undefined // every HEIF has one: these are not HEIF boxes
  const inner = children(b, meta.body + 4, meta.end) // meta is a full box: version and flags first
  const iinf = inner.find((box) => box.type === 'iinf')
  const iloc = inner.find((box) => box.type === 'iloc')
  if (!iinf || !iloc) return undefined
  const kinds = metadataItems(b, iinf)
  if (kinds.size === 0) return []
  const ranges = itemExtents(b, iloc, kinds)
  return ranges?.every((r) => r.start >= 0 && r.end <= b.length && r.start <= r.end) ? ranges : undefined
}

function children(b: Buffer, start: number, end: number): Box[] {
  const boxes: Box[] = []
  for (let p = start; p + 8 <= end;) {
    let size = b.readUInt32BE(p)
    let body = p + 8
    if (size === 1) {
      if (p + 16 > end) break
      size = Number(b.readBigUInt64BE(p + 8))
      body = p + 16
    } else if (size === 0) size = end - p
    if (size < body - p || p + size > end) break
    boxes.push({ type: b.toString('latin1', p + 4, p + 8), start: p, body, end: p + size })
    p += size
  }
  return boxes
}

/** item id → "EXIF" for Exif items, "XMP" for mime items of type application/rdf+xml. */
function metadataItems(b: Buffer, iinf: Box): Map<number, 'EXIF' | 'XMP'> {
  const version = b[iinf.body]!
  const first = iinf.body + 4 + (version === 0 ? 2 : 4)
  const kinds = new Map<number, 'EXIF' | 'XMP'>()
  for (const infe of children(b, first, iinf.end).filter((box) => box.type === 'infe')) {
    const v = b[infe.body]!
    if (v < 2) continue
    const idSize = v === 2 ? 2 : 4
    const id = idSize === 2 ? b.readUInt16BE(infe.body + 4) : b.readUInt32BE(infe.body + 4)
    const typeAt = infe.body + 4 + idSize + 2
    const type = b.toString('latin1', typeAt, typeAt + 4)
    if (type === 'Exif') kinds.set(id, 'EXIF')
    else if (type === 'mime') {
      const rest = b.toString('latin1', typeAt + 4, infe.end).split('\0')
      if (rest[1] === 'application/rdf+xml') kinds.set(id, 'XMP')
    }
  }
  return kinds
}

function itemExtents(b: Buffer, iloc: Box, kinds: Map<number, 'EXIF' | 'XMP'>): Blank[] | undefined {
  const version = b[iloc.body]!
  let p = iloc.body + 4
  /** A big-endian unsigned field of 0, 2, 4 or 8 bytes at the cursor; NaN for other sizes or past the box. */
  const read = (size: number): number => {
    if (p + size > iloc.end) return NaN
    const value = size === 0 ? 0 : size === 2 ? b.readUInt16BE(p) : size === 4 ? b.readUInt32BE(p) : size === 8 ? Number(b.readBigUInt64BE(p)) : NaN
    p += size
    return value
  }
  const sizes = read(2)
  const [offsetSize, lengthSize, baseSize] = [(sizes >> 12) & 15, (sizes >> 8) & 15, (sizes >> 4) & 15]
  const indexSize = version >= 1 ? sizes & 15 : 0
  const count = read(version < 2 ? 2 : 4)
  const ranges: Blank[] = []
  for (let i = 0; i < count; i++) {
    const id = read(version < 2 ? 2 : 4)
    const method = version >= 1 ? read(2) & 15 : 0
    read(2) // data reference index
    const base = read(baseSize)
    const extents = read(2)
    if ([id, method, base, extents].some(Number.isNaN)) return undefined
    const what = kinds.get(id)
    for (let e = 0; e < extents; e++) {
      read(indexSize)
      const offset = read(offsetSize)
      const length = read(lengthSize)
      if (Number.isNaN(offset) || Number.isNaN(length)) return undefined
      if (what) {
        if (method !== 0 || length === 0) return undefined
        ranges.push({ start: base + offset, end: base + offset + length, what })
      }
    }
  }
  return Number.isNaN(count) ? undefined : ranges
}
