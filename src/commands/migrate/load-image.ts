import { basename, extname } from 'path'
import type { Settings } from '../../settings/config'
import { readRegularFile } from '../local-paths/regular-file'
import { PluginError } from '../../errors'
import { sniffFormat } from '../../image/image-format'
import type { ProxySetting } from '../../proxy/setting'
import { fetchRemote } from './fetch-remote'
import type { Target } from './targets'

export type ImageTarget = Extract<Target, { kind: 'local' | 'remote' }>

/**
 * An image as PicGo hands it to an uploader (IImgInfo's buffer, fileName and extname; and filePath, as PicGo's own
 * file reader sets it, which {localFolder:N} names the key by).
 */
export interface UploadItem {
  buffer: Buffer
  fileName: string
  extname: string
  filePath?: string
}

/** What bounds one input: the whole time of a remote fetch, and the size of any image ("maxInputMB"). */
export interface LoadLimits {
  timeoutMs: number
  maxBytes: number
  proxy?: ProxySetting
}

export const loadLimitsOf = (settings: Pick<Settings, 'timeout' | 'maxInputMB' | 'proxy'>): LoadLimits => ({
  timeoutMs: settings.timeout,
  maxBytes: settings.maxInputMB * 1024 * 1024,
  proxy: settings.proxy
})

/**
 * Reads a local image or fetches a remote one; anything whose bytes are no image format is refused. A local file is
 * read only when it is a regular file within the size limit whose first bytes are an image's.
 */
export async function loadImage(target: ImageTarget, limits: LoadLimits): Promise<UploadItem> {
  const buffer =
    target.kind === 'local'
      ? await readRegularFile(target.path, { maxBytes: limits.maxBytes, limitName: 'the "maxInputMB" setting', refuseHead: notImageReason })
      : await fetchRemote(target.url, limits.timeoutMs, limits.maxBytes, limits.proxy)
  const fileName = target.kind === 'local' ? basename(target.path) : remoteName(target.url)
  const refusal = notImageReason(buffer)
  if (refusal !== undefined) throw new PluginError(refusal)
  return { buffer, fileName, extname: extname(fileName), ...(target.kind === 'local' ? { filePath: target.path } : {}) }
}

function notImageReason(head: Buffer): string | undefined {
  if (sniffFormat(head) !== undefined) return undefined
  return `not an image (its bytes are no image format${head.length === 0 ? ': the file is empty' : ''})`
}

function remoteName(url: string): string {
  const last = new URL(url).pathname.split('/').pop() ?? ''
  try {
    return decodeURIComponent(last) || 'image'
  } catch {
    return last || 'image'
  }
}
