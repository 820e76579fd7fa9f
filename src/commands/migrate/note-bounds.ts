/** A note larger than this is no note a person wrote: skipped, not parsed. */
export const MAX_NOTE_BYTES = 16 * 1024 * 1024
/** Block quotes nested deeper than this (">>>>…" on one line), or more image openings ("![") before a "]" closes any. */
const MAX_QUOTE_DEPTH = 100
const MAX_OPEN_IMAGES = 1000

/**
 * Why a note is not parsed, when its shape would keep the Markdown parser busy for seconds or minutes: thousands of
 * nested block quotes or of unclosed "![" cost the parser time that grows with their square. No real note has them.
 */
export function hostileShapeOf(text: string): string | undefined {
  let depth = 0
  let open = 0
  let lineStart = true
  for (let at = 0; at < text.length; at++) {
    const character = text.charCodeAt(at)
    if (character === 10) {
      lineStart = true
      depth = 0
      continue
    }
    if (lineStart && character === 62) {
      if (++depth > MAX_QUOTE_DEPTH) return `block quotes nested more than ${MAX_QUOTE_DEPTH} deep: not parsed (the Markdown parser would take minutes)`
      continue
    }
    if (lineStart && (character === 32 || character === 9)) continue
    lineStart = false
    if (character === 93) open = 0
    else if (character === 33 && text.charCodeAt(at + 1) === 91 && ++open > MAX_OPEN_IMAGES) {
      return `more than ${MAX_OPEN_IMAGES} "![" without a closing "]": not parsed (the Markdown parser would take minutes)`
    }
  }
  return undefined
}
