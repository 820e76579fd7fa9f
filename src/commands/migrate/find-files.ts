import { promises as fs } from 'node:fs'
import { join, resolve } from 'node:path'

const MARKDOWN = /\.(md|markdown)$/i
/** Outputs of earlier runs: a backup is no note to migrate, and a `.migrated.md` is migrated already. */
const OWN_OUTPUT = /\.migrated\.(md|markdown)$/i

/** One Markdown file to migrate, and the folder given on the command line that it was found in (for --out). */
export interface MarkdownFile { path: string; root: string }

/**
 * The Markdown files named, and those found in the folders named (recursively, skipping node_modules, .git and
 * hidden folders, and the `.migrated.md` files of earlier runs), each once, in a stable order.
 */
export async function findMarkdownFiles(inputs: readonly string[]): Promise<{ files: MarkdownFile[]; problems: string[] }> {
  const files: MarkdownFile[] = []
  const problems: string[] = []
  const seen = new Set<string>()
  const add = (path: string, root: string): void => {
    if (seen.has(path)) return
    seen.add(path)
    files.push({ path, root })
  }
  for (const input of inputs.map((value) => resolve(value))) {
    const stat = await fs.stat(input).catch(() => undefined)
    if (stat === undefined) problems.push(`${input}: no such file or folder`)
    else if (stat.isDirectory()) for (const path of await walk(input)) add(path, input)
    else if (MARKDOWN.test(input)) add(input, resolve(input, '..'))
    else problems.push(`${input}: not a Markdown file (.md or .markdown)`)
  }
  return { files, problems }
}

async function walk(folder: string): Promise<string[]> {
  const out: string[] = []
  const entries = (await fs.readdir(folder, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  for (const entry of entries) {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && entry.name !== 'node_modules') out.push(...(await walk(path)))
    } else if (entry.isFile() && MARKDOWN.test(entry.name) && !OWN_OUTPUT.test(entry.name)) {
      out.push(path)
    }
  }
  return out
}
