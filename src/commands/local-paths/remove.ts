import { promises as fs } from 'fs'

// fs.promises.rm came in Node 14.14; Typora's own PicGo-Core runs on Node 12.

/** Removes a file the plugin made; one that is already gone is fine. Never follows a link (unlink removes the link). */
export async function removeFile(file: string): Promise<void> {
  await unlessMissing(fs.unlink(file))
}

/** Removes a folder the plugin made, with what is in it; one that is already gone is fine. */
export async function removeFolder(folder: string): Promise<void> {
  // The guard keeps Node 12 (rmdir's recursive option) apart from newer Nodes, where that option is deprecated.
  if (typeof fs.rm === 'function') return fs.rm(folder, { recursive: true, force: true })
  await unlessMissing(fs.rmdir(folder, { recursive: true }))
}

async function unlessMissing(removal: Promise<void>): Promise<void> {
  try {
    await removal
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
}
