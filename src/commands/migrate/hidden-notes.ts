import { promises as fs } from 'fs'
import { join } from 'path'

const MARKDOWN = /\.(md|markdown)$/i

/** The Markdown files under hidden folders (a vault's `.trash`), to name them as not migrated; sorted, links not followed. */
export async function notesUnder(folders: readonly string[]): Promise<string[]> {
  const out: string[] = []
  for (const folder of folders) {
    const entries = (await fs.readdir(folder, { withFileTypes: true }).catch(() => [])).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const entry of entries) {
      const path = join(folder, entry.name)
      if (entry.isDirectory() && entry.name !== '.git' && entry.name !== 'node_modules') out.push(...(await notesUnder([path])))
      else if (entry.isFile() && MARKDOWN.test(entry.name)) out.push(path)
    }
  }
  return out
}
