import { extname as pathExtname } from 'path'
import type { IImgInfo } from 'picgo'
import { PluginError, printable } from '../errors'
import { fileTypeOf, sniffFormat } from '../image/image-format'
import type { StageImage } from '../transformers/types'

const IMAGE_EXTENSIONS = /^\.(jpe?g|png|gif|webp|avif|hei[cf]|tiff?|jxl|bmp|ico|svg)$/i

const OTHER_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf', '.mp4': 'video/mp4', '.webm': 'video/webm', '.mov': 'video/quicktime',
  '.mp3': 'audio/mpeg', '.txt': 'text/plain; charset=utf-8', '.zip': 'application/zip'
}

/**
 * PicGo's image as the first stage takes it. The format comes from the bytes: a file whose name
 * says image but whose bytes are none is refused by name; other files (a PDF) go up as they are.
 */
export function toStageImage(item: IImgInfo): StageImage {
  const file = item.fileName ?? 'image'
  const shown = printable(file)
  const buffer = item.buffer ?? (item.base64Image ? Buffer.from(item.base64Image, 'base64') : undefined)
  if (buffer === undefined || buffer.length === 0) {
    throw new PluginError(`${shown}: the file is empty or could not be read`, { file })
  }
  const claimed = (item.extname || pathExtname(file) || '').toLowerCase()
  const format = sniffFormat(buffer)
  if (format !== undefined) {
    return { buffer, fileName: file, ...fileTypeOf(format), width: item.width, height: item.height, ...sourceOf(item) }
  }
  if (IMAGE_EXTENSIONS.test(claimed) || claimed === '') {
    const start = buffer.subarray(0, 8).toString('hex').replace(/(..)/g, '$1 ').trim()
    throw new PluginError(`${shown}: not an image: its bytes (${start} …) are no image format PicGo uploads`, { file })
  }
  return { buffer, fileName: file, extname: claimed, contentType: OTHER_TYPES[claimed] ?? 'application/octet-stream', ...sourceOf(item) }
}

/** The local file the image came from, for {localFolder:N}: PicGo 3 records it as origin (older cores as filePath); a URL is none. */
function sourceOf(item: IImgInfo & { origin?: unknown; filePath?: unknown }): { sourcePath?: string } {
  const path = [item.origin, item.filePath].find((value): value is string => typeof value === 'string' && value !== '')
  return path === undefined || /^[a-z][a-z0-9+.-]*:\/\//i.test(path) ? {} : { sourcePath: path }
}
