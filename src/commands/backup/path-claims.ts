import { hashedPathOf } from './local-path'

/**
 * Paths already given to keys, compared as case-insensitive file systems compare them (Windows, macOS), so two
 * keys never share a file there either: "A.png" and "a.png", or a file "a" and a folder "a/" for "a/b.png".
 * A path the manifest recorded keeps its key; a later key that would clash gets a hashed name instead.
 */
export class PathClaims {
  private readonly files = new Map<string, string>()
  private readonly folders = new Set<string>()

  /** Records a path already in use (from the manifest). */
  reserve(key: string, path: string): void {
    const folded = fold(path)
    this.files.set(folded, key)
    for (const folder of ancestors(folded)) this.folders.add(folder)
  }

  /** The path for this key: the one it asks for, or its hashed path when that clashes with another key's. */
  claim(key: string, path: string): { path: string; clash?: string } {
    const clash = this.clashOf(key, fold(path))
    const granted = clash === undefined ? path : hashedPathOf(key)
    this.reserve(key, granted)
    return clash === undefined ? { path: granted } : { path: granted, clash }
  }

  private clashOf(key: string, folded: string): string | undefined {
    const owner = this.files.get(folded)
    if (owner !== undefined && owner !== key) return `its path is taken by "${owner}" on case-insensitive file systems`
    if (this.folders.has(folded)) return 'its path is a folder of other keys'
    const fileAbove = ancestors(folded).find((folder) => this.files.has(folder))
    if (fileAbove !== undefined) return `a folder on its path is the file of "${this.files.get(fileAbove) ?? ''}"`
    return undefined
  }
}

const fold = (path: string): string => path.normalize('NFC').toLowerCase()

function ancestors(path: string): string[] {
  const parts = path.split('/')
  return parts.slice(0, -1).map((_, index) => parts.slice(0, index + 1).join('/'))
}
