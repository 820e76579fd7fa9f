// Which of libvips's decode warnings mean the pixels are damaged. libpng names the chunk a warning is about
// ("sBIT: bad length", "tIME: CRC error") and then ignores that chunk; for the chunks below, which say nothing
// about the pixels, their colour or their transparency, the decode is complete and the re-encode is safe.
// libvips's own warnings about EXIF fields it reads for the image's metadata (a resolution unit of 0, as some
// cameras write) are about metadata only. Every other warning (pixel data, tRNS, colour chunks, JPEG and the
// rest) still counts as damage.

/** PNG chunks whose loss leaves the decoded pixels exactly as the file meant them. */
const PIXEL_FREE_PNG_CHUNKS: ReadonlySet<string> = new Set([
  'sBIT',
  'pHYs',
  'tIME',
  'tEXt',
  'zTXt',
  'iTXt',
  'bKGD',
  'hIST',
  'sPLT',
  'oFFs',
  'pCAL',
  'sCAL',
  'eXIf'
])

/** libvips's warnings while it reads EXIF into the image's metadata: the pixels are decoded all the same. */
const EXIF_METADATA_WARNINGS: readonly string[] = ['unknown EXIF resolution unit']

/** True when the warning is about a PNG chunk that does not touch the pixels, or about EXIF metadata only. */
export function leavesPixelsIntact(warning: string): boolean {
  if (EXIF_METADATA_WARNINGS.includes(warning)) return true
  const chunk = /^([A-Za-z]{4}): /.exec(warning)?.[1]
  return chunk !== undefined && PIXEL_FREE_PNG_CHUNKS.has(chunk)
}

/** The first warning that means damage, if any. */
export function damageIn(warnings: readonly string[]): string | undefined {
  return warnings.find((warning) => !leavesPixelsIntact(warning))
}
