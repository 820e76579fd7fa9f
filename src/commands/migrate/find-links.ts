import type { Token } from 'micromark/dist/shared-types'
import { editorLinks } from './editor-links'
import { htmlImageSources } from './html-images'
import type { ImageLink } from './image-link'
import { markdownEvents, normalizeLabel } from './markdown-events'

const ESCAPE_OR_REFERENCE = /\\([!-/:-@[-`{-~])|&(#\d{1,7}|#[xX][\da-fA-F]{1,6}|[\da-zA-Z]{1,31});/g

/** A destination's source text as CommonMark reads it: `\)` is `)`, `&amp;` is `&` (entities is loaded on first use). */
async function decodeDestination(raw: string): Promise<string> {
  if (!raw.includes('\\') && !raw.includes('&')) return raw
  const { decodeHTMLStrict } = await import('entities')
  return raw.replace(ESCAPE_OR_REFERENCE, (whole, escaped: string | undefined) => escaped ?? decodeHTMLStrict(whole))
}

/**
 * Every image target in the text: inline images `![a](t "x")` and `![a](<t>)`, the definitions that image references
 * (`![a][id]`, `![id]`) use, and `<img src>` in HTML. Code spans and code blocks hold no images (the parser sees them
 * as text), and definitions only links use are left alone. Then the forms Typora and Obsidian show (editor-links.ts).
 */
export async function findImageLinks(text: string): Promise<ImageLink[]> {
  const events = await markdownEvents(text)
  const slice = (token: Token): string => text.slice(token.start.offset, token.end.offset)
  const links: ImageLink[] = []
  const referenced = new Set<string>()
  const definitions: Array<{ label: string; link: ImageLink }> = []
  // Images nest (an image in another's alt text): one entry per open image.
  const images: Array<{ label?: string; resource: boolean; referenceString: boolean }> = []
  let definitionLabel = ''
  for (const [kind, token] of events) {
    const image = images[images.length - 1]
    if (kind === 'exit') {
      // A shortcut `![id]` or collapsed `![id][]` reference: the image's own label is the id.
      if (token.type === 'image' && image !== undefined && !image.resource && !image.referenceString && image.label !== undefined) {
        referenced.add(normalizeLabel(image.label))
      }
      if (token.type === 'image') images.pop()
      continue
    }
    switch (token.type) {
      case 'image':
        images.push({ resource: false, referenceString: false })
        break
      case 'labelText':
        if (image !== undefined && image.label === undefined) image.label = slice(token)
        break
      case 'resource':
        if (image !== undefined) image.resource = true
        break
      case 'referenceString':
        if (image !== undefined) {
          image.referenceString = true
          referenced.add(normalizeLabel(slice(token)))
        }
        break
      case 'resourceDestinationString':
        if (image !== undefined) links.push(await linkAt(text, token))
        break
      case 'definitionLabelString':
        definitionLabel = normalizeLabel(slice(token))
        break
      case 'definitionDestinationString':
        definitions.push({ label: definitionLabel, link: await linkAt(text, token) })
        break
      case 'htmlFlow':
      case 'htmlText':
        links.push(...(await htmlImageSources(slice(token), token.start.offset, token.start.line)))
        break
      default:
    }
  }
  const seen = new Set<string>()
  for (const { label, link } of definitions) {
    // The first definition of a label is the one CommonMark uses.
    if (seen.has(label)) continue
    seen.add(label)
    if (referenced.has(label)) links.push(link)
  }
  links.push(...editorLinks(text, events))
  return links.sort((a, b) => a.start - b.start)
}

async function linkAt(text: string, token: Token): Promise<ImageLink> {
  const { offset: start } = token.start
  const { offset: end } = token.end
  const form: ImageLink['form'] = text[start - 1] === '<' && text[end] === '>' ? 'angle' : 'bare'
  return { start, end, target: await decodeDestination(text.slice(start, end)), form, line: token.start.line }
}
