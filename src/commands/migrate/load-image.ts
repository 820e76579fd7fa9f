import { promises as fs } from 'fs'
import { basename, extname } from 'path'
import { PluginError } from '../../errors'
import { sniffFormat } from '../../image/image-format'
import type { ProxySetting } from '../../proxy/setting'
import { fetchRemote } from './fetch-remote'
import type { Target } from './targets'

export type ImageTarget = Extract<Target, { kind: 'local' | 'remote' }>

/** An image as PicGo hands it to an uploader (IImgInfo's buffer, fileName and extname). */
export interface UploadItem { buffer: Buffer; fileName: string; extname: string }

/** Reads a local image or fetches a remote one; anything whose bytes are no image format is refused. */
export async function loadImage(target: ImageTarget, timeoutMs: number, proxy?: ProxySetting): Promise<UploadItem> {
  const buffer = target.kind === 'local' ? await fs.readFile(target.path) : await fetchRemote(target.url, timeoutMs, proxy)
  const fileName = target.kind === 'local' ? basename(target.path) : remoteName(target.url)
  if (sniffFormat(buffer) === undefined) {
    throw new PluginError(`not an image (its bytes are no image format${buffer.length === 0 ? ': the file is empty' : ''})`)
  }
  return { buffer, fileName, extname: extname(fileName) }
}

function remoteName(url: string): string {
  const last = new URL(url).pathname.split('/').pop() ?? ''
  try {
    return decodeURIComponent(last) || 'image'
  } catch {
    return last || 'image'
  }
}
