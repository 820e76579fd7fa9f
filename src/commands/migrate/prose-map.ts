import type { Event } from 'micromark/dist/shared-types'

/** What CommonMark already read as something else: the editors' own forms inside these are no images. */
const TAKEN = new Set(['codeFenced', 'codeIndented', 'codeText', 'htmlFlow', 'htmlText', 'image', 'link', 'definition', 'autolink'])

/** Where the text is free prose, and on which line an offset is: what the editors' scanners need from the parse. */
export interface ProseMap {
  /** True when no code, HTML, link or image CommonMark found overlaps [start, end). */
  isFree: (start: number, end: number) => boolean
  lineAt: (offset: number) => number
}

export function proseMap(text: string, events: readonly Event[]): ProseMap {
  const taken: Array<[number, number]> = []
  for (const [kind, token] of events) {
    if (kind === 'enter' && TAKEN.has(token.type)) taken.push([token.start.offset, token.end.offset])
  }
  taken.sort((a, b) => a[0] - b[0])
  // Running maximum of the ends: the first range that starts before `end` and reaches past `start` overlaps.
  const starts = taken.map((range) => range[0])
  const reach: number[] = []
  taken.forEach(([, end], index) => reach.push(Math.max(end, reach[index - 1] ?? 0)))
  const lineStarts = [0]
  for (const match of text.matchAll(/\r\n|\r|\n/g)) lineStarts.push((match.index ?? 0) + match[0].length)
  return {
    isFree: (start, end) => {
      const before = lastIndexBelow(starts, end)
      return before < 0 || (reach[before] ?? 0) <= start
    },
    lineAt: (offset) => lastIndexBelow(lineStarts, offset + 1) + 1
  }
}

/** The index of the last sorted value below `limit`, or -1. */
function lastIndexBelow(sorted: readonly number[], limit: number): number {
  let low = 0
  let high = sorted.length
  while (low < high) {
    const middle = (low + high) >> 1
    if ((sorted[middle] ?? 0) < limit) low = middle + 1
    else high = middle
  }
  return low - 1
}
