import { createHash, randomBytes } from 'crypto'
import { createReadStream, promises as fs } from 'fs'
import type { Readable } from 'stream'
import { dirname, join } from 'path'
import { PluginError } from '../../errors'
import type { OssClient } from '../../oss/client'
import { crc64Digest, crc64Start, crc64Update } from '../../oss/crc64'
import { downloadMismatch, type Received } from '../../oss/evidence'
import { getObjectStream } from '../../oss/get'
import { requestError } from '../../oss/oss-error'
import type { ListedObject } from '../../oss/list'
import { assertInside } from '../local-paths/inside'
import { removeFile } from '../local-paths/remove'

export interface DownloadOptions {
  /** The backup folder: the final path and the temp file must stay inside it (no symlinked folder leads out). */
  folder: string
  /** Where partial downloads go: inside the backup folder (same file system, so rename is atomic), never a final name. */
  tempDir: string
  /** No byte for this long ends the download (ali-oss's own timeout stops at the response headers). */
  idleTimeoutMs: number
  secrets: readonly string[]
  /** False when the final path holds a file this backup did not write: it is then replaced only by the same bytes. */
  replaceable: boolean
}

export interface Downloaded {
  size: number
  etag: string
  crc64: string
  contentType?: string
  cacheControl?: string
}

/**
 * Streams one object to `finalPath`, verified: the bytes go to a temp file while CRC-64 (and MD5) run over
 * them, are fsynced, checked against OSS's x-oss-hash-crc64ecma (and the ETag or Content-MD5 where that is an
 * MD5), and only then renamed to the final name. A mismatch or a broken connection is a retryable error and
 * leaves nothing behind; memory holds one chunk at a time, whatever the object's size.
 */
export async function downloadVerified(client: OssClient, object: ListedObject, finalPath: string, options: DownloadOptions): Promise<Downloaded> {
  const context = { operation: 'GET', key: object.key, secrets: options.secrets }
  await fs.mkdir(options.tempDir, { recursive: true })
  const { stream, headers } = await getObjectStream(client, context)
  const requestId = headers['x-oss-request-id']
  const fail = (detail: string, code: string): PluginError =>
    requestError({ operation: 'GET', key: object.key }, `${code}${requestId ? ` (request id ${requestId})` : ''}: ${detail}`, {
      code,
      retryable: true,
      ...(requestId ? { requestId } : {})
    })

  const tempPath = join(options.tempDir, `${randomBytes(8).toString('hex')}.part`)
  await assertInside(options.folder, tempPath)
  try {
    const received = await streamToFile(stream, tempPath, options, fail)
    const expectedSize = Number(headers['content-length'] ?? object.size)
    if (received.size !== expectedSize) throw fail(`the connection broke after ${received.size} of ${expectedSize} bytes`, 'IncompleteBody')
    const etag = String(headers.etag ?? object.etag)
      .replace(/"/g, '')
      .toUpperCase()
    const mismatch = downloadMismatch(headers, etag, received)
    if (mismatch !== undefined) throw fail(`${mismatch}: corrupted on the way`, 'CrcMismatch')
    await moveIntoPlace(tempPath, finalPath, received.crc64, options, object.key)
    return {
      size: received.size,
      etag,
      crc64: received.crc64,
      ...(headers['content-type'] ? { contentType: headers['content-type'] } : {}),
      ...(headers['cache-control'] ? { cacheControl: headers['cache-control'] } : {})
    }
  } finally {
    await removeFile(tempPath)
  }
}

async function streamToFile(
  stream: Readable,
  tempPath: string,
  options: DownloadOptions,
  fail: (detail: string, code: string) => PluginError
): Promise<Received> {
  const crc = crc64Start()
  const md5 = createHash('md5')
  let size = 0
  let idle: NodeJS.Timeout | undefined
  const arm = (): void => {
    clearTimeout(idle)
    idle = setTimeout(
      () => stream.destroy(fail(`no data for ${options.idleTimeoutMs} ms: raise "timeout" or check the network`, 'ResponseTimeoutError')),
      options.idleTimeoutMs
    )
  }
  const handle = await fs.open(tempPath, 'wx')
  try {
    arm()
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      arm()
      crc64Update(crc, chunk)
      md5.update(chunk)
      size += chunk.length
      // Awaiting the write before reading on is the backpressure: one chunk in memory at a time.
      await handle.write(chunk)
    }
    await handle.sync()
  } catch (error) {
    stream.destroy()
    if (error instanceof PluginError) throw error
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOSPC' || code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new PluginError(`cannot write ${tempPath}: ${code}`, { code, cause: error })
    }
    throw fail(`the connection broke after ${size} bytes (${code ?? (error as Error).message})`, 'ECONNRESET')
  } finally {
    clearTimeout(idle)
    await handle.close()
  }
  return { size, crc64: crc64Digest(crc), md5Hex: md5.digest('hex').toUpperCase() }
}

async function moveIntoPlace(tempPath: string, finalPath: string, crc64: string, options: DownloadOptions, key: string): Promise<void> {
  // Before the folders are made (a symlinked folder would make them elsewhere) and after (one may appear meanwhile).
  await assertInside(options.folder, finalPath)
  await fs.mkdir(dirname(finalPath), { recursive: true })
  await assertInside(options.folder, finalPath)
  if (!options.replaceable && (await exists(finalPath))) {
    if ((await fileCrc64(finalPath)) === crc64) return
    throw requestError(
      { operation: 'GET', key },
      `${finalPath} already exists with other bytes and is not from this backup: it is left as it is; move it away to back this object up`,
      {
        code: 'LocalFileExists'
      }
    )
  }
  await fs.rename(tempPath, finalPath)
}

async function exists(path: string): Promise<boolean> {
  try {
    await fs.stat(path)
    return true
  } catch {
    return false
  }
}

/** CRC-64/XZ of a file, read as a stream. */
export async function fileCrc64(path: string): Promise<string> {
  const crc = crc64Start()
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) crc64Update(crc, chunk)
  return crc64Digest(crc)
}
