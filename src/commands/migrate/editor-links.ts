import type { Event } from 'micromark/dist/shared-types'
import type { ImageLink } from './image-link'
import { obsidianEmbeds } from './obsidian-embeds'
import { proseMap } from './prose-map'
import { typoraLinks } from './typora-links'

/**
 * The image links that the notes' editors show and CommonMark does not: Typora's lenient destinations
 * (`![a](my shot.png)`) and Obsidian's embeds (`![[shot.png|300]]`), outside code, HTML and real links.
 */
export function editorLinks(text: string, events: readonly Event[]): ImageLink[] {
  const map = proseMap(text, events)
  return [...typoraLinks(text, map), ...obsidianEmbeds(text, map)]
}
