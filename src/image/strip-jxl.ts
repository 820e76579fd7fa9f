/**
 * JPEG XL (ISO/IEC 18181-2) in its container form is a row of ISO-BMFF-style boxes: the signature box, `ftyp`, the
 * codestream (`jxlc`, or `jxlp` parts) and optional boxes beside it. Metadata lives only in those optional boxes
 * (`Exif`, `xml ` for XMP, `jumb` for JUMBF, or any of them Brotli-compressed in a `brob` whose payload starts with
 * the inner type), and no box points at another by file offset, so dropping whole boxes leaves a valid file with
 * the same codestream. A bare codestream (FF 0A) has no boxes and so no metadata.
 */

/** One top-level box: its type, where it starts and ends, and for a `brob` the type it compresses. */
export interface JxlBox {
  type: string
  start: number
  end: number
  inner?: string
  /** It claims more bytes than the file has: it ends at the end of the file. */
  cut?: true
}

/**
 * What a decoder needs to show the image: kept. Everything else is dropped: the metadata boxes, and also `jbrd`,
 * which only serves to rebuild the original JPEG file and carries that JPEG's other APP segments (IPTC, comments)
 * inside it; without the Exif and XMP boxes the rebuilt JPEG would not be the original anyway.
 */
const KEPT: ReadonlySet<string> = new Set(['JXL ', 'ftyp', 'jxll', 'jxli', 'jxlc', 'jxlp', 'jhgm'])

const NAMES: Record<string, string> = { Exif: 'EXIF', 'xml ': 'XMP', jumb: 'JUMBF', jbrd: 'JPEG reconstruction data' }

/** What a dropped box held, for the log: "EXIF", "XMP", "JUMBF", "JPEG reconstruction data", "box abcd". */
export function jxlRemoval(box: JxlBox): string | undefined {
  if (KEPT.has(box.type)) return undefined
  const type = box.type === 'brob' ? (box.inner ?? '') : box.type
  return NAMES[type] ?? `box ${/^[\x20-\x7e]{4}$/.test(type) ? type.trim() : Buffer.from(type, 'latin1').toString('hex')}`
}

/**
 * The container's top-level boxes in order, or undefined when a box header cannot be read (the rest of the file
 * could then hold anything). A box that claims more bytes than the file has ends at the end of the file (`cut`).
 */
export function jxlBoxes(b: Buffer): JxlBox[] | undefined {
  const boxes: JxlBox[] = []
  for (let p = 0; p < b.length;) {
    if (p + 8 > b.length) return undefined
    let size = b.readUInt32BE(p)
    let header = 8
    if (size === 1) {
      if (p + 16 > b.length) return undefined
      size = Number(b.readBigUInt64BE(p + 8))
      header = 16
    } else if (size === 0) size = b.length - p
    if (size < header) return undefined
    const end = Math.min(b.length, p + size)
    const type = b.toString('latin1', p + 4, p + 8)
    const inner = type === 'brob' && p + header + 4 <= end ? b.toString('latin1', p + header, p + header + 4) : undefined
    boxes.push({ type, start: p, end, ...(inner === undefined ? {} : { inner }), ...(p + size > b.length ? { cut: true as const } : {}) })
    p = end
  }
  return boxes
}
