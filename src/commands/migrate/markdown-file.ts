import { createHash } from 'crypto'
import { readRegularFile } from '../local-paths/regular-file'
import { hostileShapeOf, MAX_NOTE_BYTES } from './note-bounds'
import { findImageLinks } from './find-links'
import type { ImageLink } from './image-link'
import { frontMatterOf, withoutFrontMatter } from './front-matter'
import { resolveLink, type ScanRules } from './resolve-link'
import type { Target } from './targets'

export interface FoundLink extends ImageLink {
  resolved: Target
}

/** A Markdown file as the scan left it: its image links and a digest, to notice a change before rewriting. */
export interface ScannedFile {
  path: string
  sha256: string
  links: FoundLink[]
}

/** Decoded text that encodes back to exactly the file's bytes, or undefined when the file is not UTF-8. */
export function decodeExactly(bytes: Buffer): string | undefined {
  const text = bytes.toString('utf8')
  return Buffer.from(text, 'utf8').equals(bytes) ? text : undefined
}

export async function scanMarkdown(path: string, rules: ScanRules): Promise<ScannedFile> {
  const bytes = await readNote(path)
  const text = decodeExactly(bytes)
  if (text === undefined) throw new Error('not UTF-8 text: left as it is, since rewriting it could change other bytes')
  const hostile = hostileShapeOf(text)
  if (hostile !== undefined) throw new Error(hostile)
  return { path, sha256: sha256(bytes), links: await linksIn(text, path, rules) }
}

/** The image links of the text; a BOM is kept out of the parser's way, offsets stay those of the text. */
export async function linksIn(text: string, path: string, rules: ScanRules): Promise<FoundLink[]> {
  const bom = text.startsWith('\uFEFF') ? 1 : 0
  const body = text.slice(bom)
  const matter = frontMatterOf(body)
  const links = await findImageLinks(withoutFrontMatter(body, matter))
  return Promise.all(
    links.map(async (link) => ({
      ...link,
      start: link.start + bom,
      end: link.end + bom,
      resolved: await resolveLink(link, body.slice(link.start, link.end), path, rules, matter.rootUrl)
    }))
  )
}

/** A note's bytes: a regular file (a FIFO cannot stall the run) of at most MAX_NOTE_BYTES. */
export function readNote(path: string): Promise<Buffer> {
  return readRegularFile(path, { maxBytes: MAX_NOTE_BYTES, limitName: 'what a note may hold' })
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex')
}
