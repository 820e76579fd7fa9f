import type { DefaultTreeAdapterMap } from 'parse5'
import type { ImageLink, LinkForm } from './image-link'

type Node = DefaultTreeAdapterMap['node']
type Element = DefaultTreeAdapterMap['element']

/**
 * The `src` of every `<img>` in a piece of HTML from a Markdown file, located by parse5 (the HTML parser jsdom
 * uses, loaded on first use). `offset` and `line` are where the piece starts in the file.
 */
export async function htmlImageSources(html: string, offset: number, line: number): Promise<ImageLink[]> {
  if (!/<img/i.test(html)) return []
  const { parseFragment } = await import('parse5')
  const links: ImageLink[] = []
  const visit = (node: Node): void => {
    if ('tagName' in node && node.tagName === 'img') {
      const link = sourceOf(html, node)
      if (link !== undefined) {
        const before = html.slice(0, link.start)
        links.push({ ...link, start: offset + link.start, end: offset + link.end, line: line + countLines(before) })
      }
    }
    if ('childNodes' in node) for (const child of node.childNodes) visit(child)
    if ('content' in node) visit(node.content)
  }
  visit(parseFragment(html, { sourceCodeLocationInfo: true }))
  return links
}

function sourceOf(html: string, element: Element): Omit<ImageLink, 'line'> | undefined {
  const location = element.sourceCodeLocation?.attrs?.src
  const value = element.attrs.find((attr) => attr.name === 'src')?.value
  if (location === undefined || value === undefined) return undefined
  // The attribute's text is `src`, optional spaces, `=`, optional spaces, then the value as written.
  const written = html.slice(location.startOffset, location.endOffset)
  const equals = written.indexOf('=')
  if (equals < 0) return undefined
  let start = location.startOffset + equals + 1
  while (/\s/.test(html[start] ?? '')) start++
  const quote = html[start]
  const form: LinkForm = quote === '"' ? 'html-double' : quote === "'" ? 'html-single' : 'html-unquoted'
  const end = form === 'html-unquoted' ? location.endOffset : location.endOffset - 1
  if (form !== 'html-unquoted') start++
  return { start, end, target: value, form }
}

function countLines(text: string): number {
  return text.split(/\r\n|\r|\n/).length - 1
}
