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

/** A regular file, opened: read by range as often as needed (its size is the one measured at opening), then closed. */
export interface OpenedFile {
  readonly size: number
  /** The bytes from start up to (not including) end; fewer only when the file shrank since it was opened. */
  read(start: number, end: number): Promise<Buffer>
  close(): Promise<void>
}

/**
 * Opens a file for reading only when it is a regular file: a FIFO, a device or a socket is refused (opened
 * non-blocking, so a FIFO cannot stall the run); with followLinks false a symbolic link is refused by open() itself.
 */
export async function openRegularFile(path: string, options: { followLinks?: boolean } = {}): Promise<OpenedFile> {
  const flags = constants.O_RDONLY | NON_BLOCKING | (options.followLinks === false ? NO_FOLLOW : 0)
  const handle = await fs.open(path, flags).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ELOOP') throw new PluginError(`${printable(path)} is a symbolic link: not followed`, { file: path, code: 'SymbolicLink', cause: error })
    throw error
  })
  let size: number
  try {
    const stat = await handle.stat()
    if (!stat.isFile()) throw notRegular(path)
    size = stat.size
  } catch (error) {
    await handle.close()
    throw error
  }
  return { size, read: (start, end) => readAt(handle, start, end - start), close: () => handle.close() }
}

/**
 * Reads a file whole, only when it is a regular file (openRegularFile) no larger than the limit and its first bytes
 * pass: a huge file is refused from its size before anything is held in memory.
 */
export async function readRegularFile(path: string, limits: ReadLimits): Promise<Buffer> {
  const file = await openRegularFile(path, { followLinks: limits.followLinks })
  try {
    if (file.size > limits.maxBytes) {
      throw new PluginError(`${printable(path)} is ${formatBytes(file.size)}, larger than ${limits.limitName} (${formatBytes(limits.maxBytes)}): not read`, {
        file: path,
        code: 'TooLarge'
      })
    }
    const head = await file.read(0, Math.min(file.size, HEAD_BYTES))
    const refusal = limits.refuseHead?.(head)
    if (refusal !== undefined) throw new PluginError(refusal, { file: path })
    return file.size <= HEAD_BYTES ? head : Buffer.concat([head, await file.read(HEAD_BYTES, file.size)])
  } finally {
    await file.close()
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
  new PluginError(`${printable(path)} is ${link ? 'a symbolic link' : 'not a regular file (a FIFO, a device, a socket or a folder)'}: not read`, {
    file: path,
    code: 'NotRegularFile'
  })
