import { promises as fs } from 'fs'
import { dirname, join, relative, resolve, sep } from 'path'

/** One Obsidian vault: its folder, where new attachments go, and (made on first need) its files by name. */
interface Vault {
  root: string
  attachments: string
  files?: Promise<string[]>
}

export type EmbedTarget = { path: string } | { reason: string }

/**
 * Resolves `![[…]]` link paths as Obsidian does: the path from the vault's folder (or the note's), then in the
 * vault's attachment folder (`.obsidian/app.json`, attachmentFolderPath), then the shortest path among the vault's
 * files that end with it, if only one is that short. A vault is the nearest folder above the note holding
 * `.obsidian`; without one, the folder given on the command line.
 */
export class ObsidianVaults {
  private readonly vaults = new Map<string, Promise<Vault>>()

  constructor(private readonly inputRoots: readonly string[]) {}

  async resolve(linkPath: string, notePath: string): Promise<EmbedTarget> {
    const vault = await this.vaultOf(dirname(notePath))
    const noteFolder = dirname(notePath)
    const attachments = vault.attachments.startsWith('./') ? join(noteFolder, vault.attachments) : join(vault.root, vault.attachments)
    for (const candidate of [join(vault.root, linkPath), join(noteFolder, linkPath), join(attachments, linkPath)]) {
      if (await isFile(candidate)) return { path: candidate }
    }
    vault.files ??= filesUnder(vault.root)
    const wanted = linkPath
      .replace(/\\/g, '/')
      .replace(/^\.?\//, '')
      .toLowerCase()
    const matches = (await vault.files).filter((file) => {
      const path = relative(vault.root, file).split(sep).join('/').toLowerCase()
      return path === wanted || path.endsWith(`/${wanted}`)
    })
    const shortest = Math.min(...matches.map((file) => file.length))
    const best = matches.filter((file) => file.length === shortest)
    if (best.length === 1) return { path: best[0] as string }
    if (best.length === 0) return { reason: `file not found in the Obsidian vault ${vault.root}` }
    return { reason: `more than one file in the vault has this name: ${best.map((file) => relative(vault.root, file)).join(', ')}` }
  }

  private vaultOf(folder: string): Promise<Vault> {
    let vault = this.vaults.get(folder)
    if (vault === undefined) {
      vault = this.findVault(folder)
      this.vaults.set(folder, vault)
    }
    return vault
  }

  private async findVault(folder: string): Promise<Vault> {
    for (let at = folder; ; at = dirname(at)) {
      if (await isFolder(join(at, '.obsidian'))) return { root: at, attachments: await attachmentFolder(at) }
      if (dirname(at) === at) break
    }
    const roots = this.inputRoots.map((root) => resolve(root)).filter((root) => folder === root || folder.startsWith(`${root}${sep}`))
    const root = roots.sort((a, b) => b.length - a.length)[0] ?? folder
    return { root, attachments: '' }
  }
}

/** attachmentFolderPath of `.obsidian/app.json`: "/" (or none) is the vault's folder, "./x" is beside the note. */
async function attachmentFolder(root: string): Promise<string> {
  try {
    const settings = JSON.parse(await fs.readFile(join(root, '.obsidian', 'app.json'), 'utf8')) as { attachmentFolderPath?: unknown }
    const folder = settings.attachmentFolderPath
    return typeof folder === 'string' && folder !== '/' ? folder : ''
  } catch {
    return ''
  }
}

/** Every file of the vault, outside hidden folders (`.obsidian`, `.trash`), as Obsidian indexes them; links not followed. */
async function filesUnder(folder: string): Promise<string[]> {
  const out: string[] = []
  const entries = await fs.readdir(folder, { withFileTypes: true }).catch(() => [])
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue
    const path = join(folder, entry.name)
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') out.push(...(await filesUnder(path)))
    } else if (entry.isFile()) out.push(path)
  }
  return out
}

const isFile = (path: string): Promise<boolean> =>
  fs.stat(path).then(
    (stat) => stat.isFile(),
    () => false
  )
const isFolder = (path: string): Promise<boolean> =>
  fs.stat(path).then(
    (stat) => stat.isDirectory(),
    () => false
  )
