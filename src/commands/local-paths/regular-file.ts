import { constants, promises as fs } from 'fs'
import { PluginError, printable } from '../../errors'
import { formatBytes } from '../../errors/format-bytes'

// Absent on Windows, where FIFOs and symlinked files are no concern of open(): 0 leaves the flag out.
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0
const NON_BLOCKING = constants.O_NONBLOCK ?? 0
/** What a format sniffer needs: SVG's root element may sit behind a prolog and comments. */
export const HEAD_BYTES = 4096

export interface ReadLimits {
  /** Larger files are refused before a byte is read. */
  maxBytes: number
  /** What sets maxBytes, named when a file is too large: 'the "maxInputMB" setting'. */
  limitName: string
  /** False: a symbolic link is refused instead of followed (a file under a folder we own). */
  followLinks?: boolean
  /** Looks at the first bytes and says why the file is not wanted, before the rest is read. */
  refuseHead?: (head: Buffer) => string | undefined
}

/**
 * Reads a file whole, only when it is a regular file no larger than the limit and its first bytes pass: a FIFO, a
 * device or a socket is refused (opened non-blocking, so a FIFO cannot stall the run), and a huge file is refused
 * from its size before anything is held in memory.
 */
export async function readRegularFile(path: string, limits: ReadLimits): Promise<Buffer> {
  const flags = constants.O_RDONLY | NON_BLOCKING | (limits.followLinks === false ? NO_FOLLOW : 0)
  const handle = await fs.open(path, flags).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ELOOP') throw new PluginError(`${printable(path)} is a symbolic link: not followed`, { file: path, code: 'SymbolicLink', cause: error })
    throw error
  })
  try {
    const stat = await handle.stat()
    if (!stat.isFile()) throw notRegular(path)
    if (stat.size > limits.maxBytes) {
      throw new PluginError(`${printable(path)} is ${formatBytes(stat.size)}, larger than ${limits.limitName} (${formatBytes(limits.maxBytes)}): not read`, { file: path, code: 'TooLarge' })
    }
    const head = await readAt(handle, 0, Math.min(stat.size, HEAD_BYTES))
    const refusal = limits.refuseHead?.(head)
    if (refusal !== undefined) throw new PluginError(refusal, { file: path })
    return stat.size <= HEAD_BYTES ? head : Buffer.concat([head, await readAt(handle, HEAD_BYTES, stat.size - HEAD_BYTES)])
  } finally {
    await handle.close()
  }
}

/** Throws unless the path (not followed when it is a link) is a regular file: the check before anything opens it. */
export async function assertRegularFile(path: string): Promise<void> {
  const stat = await fs.lstat(path)
  if (!stat.isFile()) throw notRegular(path, stat.isSymbolicLink())
}

async function readAt(handle: fs.FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length)
  let filled = 0
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled)
    if (bytesRead === 0) break
    filled += bytesRead
  }
  return filled === length ? buffer : buffer.subarray(0, filled)
}

const notRegular = (path: string, link = false): PluginError =>
  new PluginError(`${printable(path)} is ${link ? 'a symbolic link' : 'not a regular file (a FIFO, a device, a socket or a folder)'}: not read`, { file: path, code: 'NotRegularFile' })

