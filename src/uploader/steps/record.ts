import type { IImgInfo } from 'picgo'
import type { Settings } from '../../settings/config'
import type { KnownImage } from '../known-images'
import { objectUrl } from '../url'
import type { Batch, Placement, UploadContext } from './batch'
import type { ImageUpload } from './image'
import type { Staged } from './stages'

/** What an upload produced, as the known-images file remembers it; remembered there when it is a real upload. */
export function recordKnownImage(batch: Batch, image: ImageUpload, { named, content }: Staged, placed: Placement): KnownImage {
  const result: KnownImage = {
    key: placed.key,
    created: placed.created,
    md5Hex: content.md5Hex,
    sha256Hex: content.sha256Hex,
    crc64: content.crc64,
    extname: named.extname,
    contentType: named.contentType,
    size: content.size,
    width: named.width,
    height: named.height,
    at: Date.now()
  }
  if (image.id !== undefined && batch.mode.kind === 'upload') batch.known?.remember(image.id, result)
  return result
}

/** The one place that writes a stored image into PicGo's output item: its URL, and what PicGo and the gallery keep. */
export async function writeOutputItem(settings: Settings, item: IImgInfo, result: KnownImage): Promise<void> {
  // Stored: the input can go now, not at the end of the batch (PicGo's own uploaders do the same).
  delete item.buffer
  delete item.base64Image
  item.imgUrl = await objectUrl(settings, result.key)
  Object.assign(item, {
    extname: result.extname,
    contentType: result.contentType,
    width: result.width ?? item.width,
    height: result.height ?? item.height,
    size: result.size,
    ossKey: result.key,
    ossBucket: settings.bucket,
    ossCreated: result.created
  })
}

/**
 * A batch where some files failed. On the command line a failed file gets an empty line and the others keep theirs:
 * Typora reads the last N lines of stdout by position, and a thrown error would print after the URLs and lose them
 * all. picgo server, the GUI and its server answer a list from which PicGo drops empty URLs, so one failed file
 * would move every later URL onto the wrong image: there the request carries no URL at all (the caller throws).
 */
export function withholdUrls(ctx: UploadContext, failed: readonly boolean[], commandLine: boolean): void {
  if (commandLine) {
    for (const [index, item] of ctx.output.entries()) if (failed[index] === true) item.imgUrl = ''
    return
  }
  for (const item of ctx.output) delete item.imgUrl
  if (ctx.GUI_VERSION) ctx.output.splice(0, ctx.output.length)
}
