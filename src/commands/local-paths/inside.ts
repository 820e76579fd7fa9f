import { promises as fs } from 'fs'
import { dirname, isAbsolute, join, relative, sep } from 'path'
import { PluginError, printable } from '../../errors'

/**
 * The one rule for a path under a folder the user named (the backup folder, --out): `relativePath` is joined to
 * the folder, and the result must stay inside it once symlinks are resolved (the real path of its parent folder),
 * and the file itself may not be a symbolic link. A path read from a manifest or a note never leaves the folder
 * this way, whatever folders or links someone put on its way.
 */
export async function pathInside(folder: string, relativePath: string): Promise<string> {
  const path = join(folder, ...relativePath.split('/'))
  await assertInside(folder, path)
  return path
}

/** Throws unless `path` (absolute) is under `folder` after resolving symlinks, and is itself no symbolic link. */
export async function assertInside(folder: string, path: string): Promise<void> {
  const named = await realParent(folder)
  const root = join(named.real, named.rest)
  const parent = await realParent(dirname(path))
  const inside = (real: string): boolean => {
    const rel = relative(root, real)
    return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`))
  }
  if (!inside(join(parent.real, parent.rest))) throw outside(folder, path)
  if ((await lstatOrUndefined(path))?.isSymbolicLink() === true) {
    throw new PluginError(`${printable(path)} is a symbolic link: it is neither followed nor replaced; move it away`, { file: path, code: 'SymbolicLink' })
  }
}

/** The real path of the deepest existing folder on the way, and the part below it that does not exist yet. */
async function realParent(folder: string, rest = ''): Promise<{ real: string; rest: string }> {
  try {
    return { real: await fs.realpath(folder), rest }
  } catch (error) {
    const parent = dirname(folder)
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === folder) throw error
    return realParent(parent, join(folder.slice(parent.length).replace(/^[\\/]+/, ''), rest))
  }
}

export async function lstatOrUndefined(path: string): Promise<import('fs').Stats | undefined> {
  try {
    return await fs.lstat(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

const outside = (folder: string, path: string): PluginError =>
  new PluginError(`${printable(path)} leads outside ${printable(folder)} (through a symbolic link or ".."): it is neither read nor written`, {
    file: path,
    code: 'OutsideFolder'
  })
