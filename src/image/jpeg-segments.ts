/**
 * The marker segments of JPEG bytes after SOI (ITU T.81 B.1.1), walked without decoding: the one walker that the
 * metadata strip, the quality estimate and the EXIF orientation read. As libjpeg reads them: 0xFF fill bytes before
 * a marker are skipped, and TEM and RST0-7 are markers without a length (two bytes, no payload).
 * https://www.w3.org/Graphics/JPEG/itu-t81.pdf
 */

export interface JpegSegment {
  marker: number
  /** Offset of the marker's 0xFF. */
  start: number
  /** Offset past the segment: what its length field covers, or past the marker when it has no length. */
  end: number
  /** SOS only, when walking through scans: where the entropy-coded data after the scan header ends (at the next marker). */
  dataEnd?: number
}

/**
 * How the walk ended, at offset `at`:
 * 'end-of-image': EOI; 'scan': the first SOS, when not walking through scans (everything before the image data was
 * read); 'short': fewer than 4 bytes were left after a whole segment, too few for another; 'broken': a byte that is
 * not a marker, or a length under 2 or running past the end of the bytes.
 */
export type JpegWalkEnd = 'end-of-image' | 'scan' | 'short' | 'broken'

export interface JpegWalk {
  segments: JpegSegment[]
  end: JpegWalkEnd
  at: number
}

const SOS = 0xda
const EOI = 0xd9

/** Walks from offset 2 (past SOI, which the caller has checked); `throughScans` goes on past each scan's data to EOI. */
export function walkJpeg(jpeg: Uint8Array, options: { throughScans?: boolean } = {}): JpegWalk {
  const segments: JpegSegment[] = []
  let p = 2
  while (p + 4 <= jpeg.length) {
    if (jpeg[p] !== 0xff) return { segments, end: 'broken', at: p }
    const marker = jpeg[p + 1]!
    if (marker === 0xff) {
      p += 1
      continue
    }
    if (marker === EOI) return { segments, end: 'end-of-image', at: p }
    if (marker === SOS && !options.throughScans) return { segments, end: 'scan', at: p }
    if (hasNoLength(marker)) {
      segments.push({ marker, start: p, end: p + 2 })
      p += 2
      continue
    }
    const length = (jpeg[p + 2]! << 8) | jpeg[p + 3]!
    const end = p + 2 + length
    if (length < 2 || end > jpeg.length) return { segments, end: 'broken', at: p }
    if (marker === SOS) {
      const dataEnd = entropyDataEnd(jpeg, end)
      segments.push({ marker, start: p, end, dataEnd })
      p = dataEnd
    } else {
      segments.push({ marker, start: p, end })
      p = end
    }
  }
  return { segments, end: 'short', at: p }
}

/** TEM and RST0-7. */
function hasNoLength(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)
}

/** The next marker after entropy-coded data: a 0xFF not followed by 0x00 (stuffing), 0xFF (fill) or RSTn. */
function entropyDataEnd(jpeg: Uint8Array, start: number): number {
  let p = jpeg.indexOf(0xff, start)
  for (; p >= 0 && p + 1 < jpeg.length; p = jpeg.indexOf(0xff, p + 1)) {
    const next = jpeg[p + 1]!
    if (next !== 0x00 && next !== 0xff && (next < 0xd0 || next > 0xd7)) break
  }
  return p < 0 || p + 1 >= jpeg.length ? jpeg.length : p
}
