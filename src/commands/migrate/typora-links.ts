import type { ProseMap } from './prose-map'
import type { ImageLink } from './image-link'

/** An optional title after the destination, as Typora writes it: `"t"`, `'t'` or `(t)`, after a space. */
const TITLE = /[ \t]+("[^"]*"|'[^']*'|\([^()]*\))[ \t]*$/

/**
 * Typora's lenient images, which CommonMark reads as plain text: a destination with raw spaces
 * (`![a](my shot.png)`, `![a](my shot.png "title")`), on one line, its parentheses balanced. The link's
 * characters are the destination only, so a rewrite keeps the alt text, the title and every other byte.
 */
export function typoraLinks(text: string, prose: ProseMap): ImageLink[] {
  const links: ImageLink[] = []
  for (const match of text.matchAll(/!\[/g)) {
    const at = match.index ?? 0
    if (text[at - 1] === '\\') continue
    const altEnd = closing(text, at + 1, '[', ']')
    if (altEnd < 0 || text[altEnd + 1] !== '(') continue
    const bodyStart = altEnd + 2
    const bodyEnd = closing(text, altEnd + 1, '(', ')')
    if (bodyEnd < 0 || !prose.isFree(at, bodyEnd + 1)) continue
    const link = destinationOf(text, bodyStart, bodyEnd)
    if (link !== undefined) links.push({ ...link, line: prose.lineAt(link.start), syntax: 'typora' })
  }
  return links
}

/** Where the bracket opened at `open` closes on the same line (nested pairs balanced), or -1. */
function closing(text: string, open: number, opener: string, closer: string): number {
  let depth = 0
  for (let at = open; at < text.length; at++) {
    const c = text[at]
    if (c === '\n' || c === '\r') return -1
    if (c === '\\') at++
    else if (c === opener) depth++
    else if (c === closer && --depth === 0) return at
  }
  return -1
}

function destinationOf(text: string, bodyStart: number, bodyEnd: number): Omit<ImageLink, 'line'> | undefined {
  const body = text.slice(bodyStart, bodyEnd)
  const title = TITLE.exec(body)
  const withoutTitle = title === null ? body : body.slice(0, title.index)
  const lead = withoutTitle.length - withoutTitle.trimStart().length
  const written = withoutTitle.trim()
  if (written === '') return undefined
  const start = bodyStart + lead
  const angle = written.startsWith('<') && written.endsWith('>') && written.length > 2
  if (angle) return { start: start + 1, end: start + written.length - 1, target: written.slice(1, -1), form: 'angle' }
  return { start, end: start + written.length, target: written, form: 'bare' }
}
