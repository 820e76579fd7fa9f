import { constants } from 'buffer'
import { PluginError, printable } from '../../errors'
import { keyFaultOf } from '../../naming/object-key'
import { crc64 } from '../../uploader/crc64'
import { pathInside } from '../local-paths/inside'
import { readRegularFile } from '../local-paths/regular-file'
import type { ManifestEntry } from './manifest'

/** The store takes the bytes whole: no Buffer holds more (2 GiB on 64-bit Node 12-20). */
const MAX_RESTORE_BYTES = Math.min(constants.MAX_LENGTH, 2 * 1024 * 1024 * 1024 - 1)

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
 * The backed-up file of an entry, read only from inside the backup folder (the manifest's path is the one the backup
 * gives the key, checked when it was read; here no symlink on the way may lead out), only when it is a regular
 * file of the size and CRC-64 the backup downloaded.
 */
export async function readBackedUpFile(folder: string, entry: ManifestEntry): Promise<Buffer> {
  const file = await pathInside(folder, entry.path)
  if (entry.size > MAX_RESTORE_BYTES) throw tooLarge(file, entry.size)
  const buffer = await readRegularFile(file, { maxBytes: Math.max(entry.size, 0), limitName: `the ${entry.size} bytes the backup downloaded`, followLinks: false })
  if (buffer.length !== entry.size || crc64(buffer) !== entry.crc64) {
    throw new PluginError(`${file} is not the ${entry.size} bytes the backup downloaded (size or CRC-64 differs): not uploaded; run the backup's --verify`, { file })
  }
  return buffer
}

const tooLarge = (file: string, size: number): PluginError =>
  new PluginError(`${file} is ${size} bytes: restore uploads files of at most ${MAX_RESTORE_BYTES} bytes (2 GiB); upload this one with ossutil`, { file, code: 'TooLarge' })
