import { PluginError, printable } from '../../errors'
import { keyFaultOf } from '../../naming/object-key'
import { type Body, contentOfBody } from '../../oss/body'
import type { Content } from '../../oss/evidence'
import { pathInside } from '../local-paths/inside'
import { openRegularFile } from '../local-paths/regular-file'
import type { ManifestEntry } from './manifest'

/**
 * The key a backed-up key is restored under, checked by the uploader's own rule (keyFaultOf): a leading "/" is
 * dropped (ali-oss drops it), so "/abs.png" with --to-prefix old/ is old/abs.png. A key the rule refuses (a "." or
 * ".." segment, a control character, more than 1023 bytes with the prefix) is one sentence naming the entry.
 */
export function restoreKeyOf(toPrefix: string, backedUpKey: string): string {
  const own = backedUpKey.replace(/^\/+/, '')
  const key = toPrefix + own
  const ownFault = keyFaultOf(own)
  const fault = ownFault ?? keyFaultOf(key)
  if (fault === undefined) return key
  const withPrefix = ownFault === undefined ? ` with --to-prefix "${printable(toPrefix)}"` : ''
  throw new PluginError(`the key "${printable(backedUpKey)}"${withPrefix} ${fault.reason}: it cannot be restored as itself, so it is left out`)
}

/**
 * Larger files go up in parts read as ranges of the file, however high "multipartThreshold" is set: restore reads no
 * file larger than this whole, and holds at most PARALLEL_PARTS parts of a file (multipart.ts) at once.
 */
export const RESTORE_PUT_MAX_BYTES = 64 * 1024 * 1024

/**
 * Opens the backed-up file of an entry and hands it to `use` as a body read by range, with its content: read only
 * from inside the backup folder (the manifest's path is the one the backup gives the key, checked when it was read;
 * here no symlink on the way may lead out, and the file itself is opened without following one), only when it is a
 * regular file of the size and CRC-64 the backup downloaded. The check reads the file once, in chunks, before
 * anything is sent; the upload then reads it again, part by part, from the same open file.
 */
export async function withBackedUpFile<T>(folder: string, entry: ManifestEntry, use: (body: Body, content: Content) => Promise<T>): Promise<T> {
  const path = await pathInside(folder, entry.path)
  const file = await openRegularFile(path, { followLinks: false })
  try {
    const content = file.size === entry.size ? await contentOfBody(file) : undefined
    if (content === undefined || content.size !== entry.size || content.crc64 !== entry.crc64) {
      throw new PluginError(
        `${printable(path)} is not the ${entry.size} bytes the backup downloaded (size or CRC-64 differs): not uploaded; run the backup's --verify`,
        { file: path }
      )
    }
    return await use(file, content)
  } finally {
    await file.close()
  }
}
