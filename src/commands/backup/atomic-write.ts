import { randomBytes } from 'node:crypto'
import { promises as fs } from 'node:fs'

/** Replaces the file only once the new content is on disk: temp file beside it, fsync, rename. */
export async function writeFileAtomically(file: string, content: string): Promise<void> {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`
  const handle = await fs.open(temp, 'wx')
  try {
    await handle.writeFile(content, 'utf8')
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    await fs.rename(temp, file)
  } catch (error) {
    await fs.rm(temp, { force: true })
    throw error
  }
}
