import { randomBytes } from 'crypto'
import { promises as fs } from 'fs'
import { basename, dirname, join } from 'path'
import { removeFile } from '../local-paths/remove'

/**
 * Replaces the file only once the new content is on disk: a hidden temp file beside it (with the file's own
 * permissions, set after creation so the umask cannot narrow them), fsync, rename. A crash leaves the old file or
 * the new one, never half of one; a failed write (a full disk) removes its temp file. The temp file is created
 * exclusively and the rename replaces a symbolic link rather than writing through it.
 */
export async function writeFileAtomically(file: string, content: string | Buffer): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`)
  const mode = await fs.stat(file).then(
    (stat) => stat.mode & 0o777,
    () => undefined
  )
  const handle = await fs.open(temp, 'wx', mode ?? 0o644)
  try {
    try {
      if (mode !== undefined) await handle.chmod(mode)
      await handle.writeFile(content)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await fs.rename(temp, file)
  } catch (error) {
    await removeFile(temp)
    throw error
  }
}
