import { extname } from 'path'
import type { ProseMap } from './prose-map'
import type { ImageLink } from './image-link'

/** `![[path]]` or `![[path|300]]`: a link path without brackets or "|", then what follows a "|". */
const EMBED = /!\[\[([^[\]|\r\n]+)(?:\|([^[\]\r\n]*))?\]\]/g
/** The files Obsidian embeds as images (help.obsidian.md, "Accepted file formats"). */
const IMAGE_EXTENSIONS = new Set(['.avif', '.bmp', '.gif', '.jpeg', '.jpg', '.png', '.svg', '.webp'])
/** `300` or `300x200`: a size; anything else after the "|" is alt text. */
const SIZE = /^\s*\d+(\s*x\s*\d+)?\s*$/

/**
 * Obsidian's image embeds outside code. The link's characters are the whole embed, written back as the
 * Markdown image Obsidian reads the same way: `![[a.png|300]]` becomes `![|300](url)`, `![[a.png]]` `![](url)`.
 * Embeds of notes and other files (`![[Meeting]]`, `![[a.pdf]]`) are no images and stay as they are.
 */
export function obsidianEmbeds(text: string, prose: ProseMap): ImageLink[] {
  const links: ImageLink[] = []
  for (const match of text.matchAll(EMBED)) {
    const start = match.index ?? 0
    const end = start + match[0].length
    const path = (match[1] ?? '').replace(/#.*$/, '').trim()
    if (!IMAGE_EXTENSIONS.has(extname(path).toLowerCase()) || text[start - 1] === '\\' || !prose.isFree(start, end)) continue
    const after = match[2]
    const alt = after === undefined ? '' : SIZE.test(after) ? `|${after.trim()}` : after.trim()
    links.push({ start, end, target: path, form: 'bare', line: prose.lineAt(start), syntax: 'obsidian', around: [`![${alt}](`, ')'] })
  }
  return links
}
