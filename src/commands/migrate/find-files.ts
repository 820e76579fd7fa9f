import { promises as fs } from 'fs'
import { dirname, join, relative, resolve } from 'path'
import { notesUnder } from './hidden-notes'

const MARKDOWN = /\.(md|markdown)$/i
/** Outputs of earlier runs: a backup is no note to migrate, and a `.migrated.md` is migrated already. */
const OWN_OUTPUT = /\.migrated\.(md|markdown)$/i

/**
 * One Markdown file to migrate: its path, the folder given on the command line that it was found in (for --out), and
 * its name for messages: that folder as the user wrote it, then the path inside it ("vault/sub/note.md").
 */
export interface MarkdownFile {
  path: string
  root: string
  name: string
}

/**
 * The Markdown files named, and those found in the folders named (recursively, skipping node_modules, .git and
 * hidden folders, and the `.migrated.md` files of earlier runs), each once, in a stable order.
 */
export async function findMarkdownFiles(inputs: readonly string[]): Promise<{ files: MarkdownFile[]; problems: string[]; hiddenNotes: string[] }> {
  const files: MarkdownFile[] = []
  const problems: string[] = []
  /** Notes in hidden folders (`.trash`, `.obsidian`, …), not migrated: named in the summary, never silently left. */
  const hiddenNotes: string[] = []
  const seen = new Set<string>()
  const add = (path: string, root: string, name: string): void => {
    if (seen.has(path)) return
    seen.add(path)
    files.push({ path, root, name })
  }
  for (const written of inputs) {
    // A named note that is a symbolic link is migrated where it really is: in place, the link stays a link.
    const input = await fs.realpath(resolve(written)).catch(() => resolve(written))
    const stat = await fs.stat(input).catch(() => undefined)
    if (stat === undefined) problems.push(`${written}: no such file or folder`)
    else if (stat.isDirectory()) {
      const hidden: string[] = []
      for (const path of await walk(input, hidden)) add(path, input, join(written, relative(input, path)))
      for (const path of await notesUnder(hidden)) hiddenNotes.push(join(written, relative(input, path)))
    } else if (!MARKDOWN.test(input)) problems.push(`${written}: not a Markdown file (.md or .markdown)`)
    else if (!stat.isFile()) problems.push(`${written}: not a regular file (a FIFO, a device or a socket): not read`)
    else add(input, dirname(input), written)
  }
  return { files, problems, hiddenNotes }
}

async function walk(folder: string, hidden: string[]): Promise<string[]> {
  const out: string[] = []
  const entries = (await fs.readdir(folder, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  for (const entry of entries) {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && entry.name !== 'node_modules') out.push(...(await walk(path, hidden)))
      else if (entry.name !== '.git' && entry.name !== 'node_modules') hidden.push(path)
    } else if (entry.isFile() && MARKDOWN.test(entry.name) && !OWN_OUTPUT.test(entry.name)) {
      out.push(path)
    }
  }
  return out
}
