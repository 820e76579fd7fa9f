import { extname as pathExtname } from 'path'
import type { IImgInfo } from 'picgo'
import { PluginError, printable } from '../errors'
import { fileTypeOf, sniffFormat } from '../image/image-format'
import type { Settings } from '../settings/config'
import type { StageImage } from '../transformers/types'
import { type PicGoHome, picgoFileReason } from './picgo-files'

const IMAGE_EXTENSIONS = /^\.(jpe?g|png|gif|webp|avif|hei[cf]|tiff?|jxl|bmp|ico|svg)$/i

const OTHER_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mov': 'video/quicktime',
  '.mp3': 'audio/mpeg',
  '.txt': 'text/plain; charset=utf-8',
  '.zip': 'application/zip'
}

/** What the input rule needs of the settings: the credentials no file may carry, and whether non-images go up. */
export type InputRules = Pick<Settings, 'accessKeySecret' | 'stsToken' | 'nonImages'>

/**
 * PicGo's image as the first stage takes it. The format comes from the bytes: a file whose name says image but
 * whose bytes are none is refused by name; other files are refused too unless "nonImages" is "upload" (then a PDF
 * goes up as it is), but never one of PicGo's own files (picgo-files.ts). A file that holds the configured secret or
 * STS token (PicGo's own config.json) never goes up.
 */
export function toStageImage(item: IImgInfo, rules: InputRules, home: PicGoHome = {}): StageImage {
  const file = item.fileName ?? 'image'
  const shown = printable(file)
  const buffer = item.buffer ?? (item.base64Image ? Buffer.from(item.base64Image, 'base64') : undefined)
  if (buffer === undefined || buffer.length === 0) {
    throw new PluginError(`${shown}: the file is empty or could not be read`, { file })
  }
  refuseCredentials(buffer, shown, file, rules)
  const claimed = (item.extname || pathExtname(file) || '').toLowerCase()
  const format = sniffFormat(buffer)
  if (format !== undefined) {
    return { buffer, fileName: file, ...fileTypeOf(format), width: item.width, height: item.height, ...sourceOf(item) }
  }
  if (IMAGE_EXTENSIONS.test(claimed) || claimed === '') {
    const start = buffer.subarray(0, 8).toString('hex').replace(/(..)/g, '$1 ').trim()
    throw new PluginError(`${shown}: not an image: its bytes (${start} …) are no image format PicGo uploads`, { file })
  }
  if (rules.nonImages === 'refuse') {
    throw new PluginError(
      `${shown}: not an image (its bytes look like ${lookOf(buffer)}): not uploaded, so it is not published; ` +
        'set "nonImages" to "upload" to host other files',
      { file, code: 'NotAnImage' }
    )
  }
  const source = sourceOf(item)
  const own = picgoFileReason(file, source.sourcePath, home)
  if (own !== undefined) {
    throw new PluginError(`${shown}: not an image, and ${own}: never uploaded, whatever "nonImages" says`, { file, code: 'PicGoOwnFile' })
  }
  return { buffer, fileName: file, extname: claimed, contentType: OTHER_TYPES[claimed] ?? 'application/octet-stream', ...source }
}

/** Shorter secrets could match by chance; real AccessKey secrets are 30 characters and STS tokens hundreds. */
const MIN_SECRET_LENGTH = 8

function refuseCredentials(buffer: Buffer, shown: string, file: string, rules: InputRules): void {
  const held = [
    ['the AccessKey secret', rules.accessKeySecret],
    ['the STS token', rules.stsToken]
  ] as const
  for (const [what, value] of held) {
    if (value.length >= MIN_SECRET_LENGTH && buffer.includes(value)) {
      throw new PluginError(`${shown}: holds ${what} of these settings (a PicGo config file?): never uploaded`, { file, code: 'HoldsSecret' })
    }
  }
}

/** A few words on what a file that is no image seems to be, for the refusal. */
function lookOf(buffer: Buffer): string {
  const head = buffer.subarray(0, 512)
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'a PDF'
  if (head.subarray(0, 4).toString('hex') === '504b0304') return 'a ZIP archive'
  const text = head.toString('utf8')
  if (/-----BEGIN [A-Z ]*(PRIVATE KEY|CERTIFICATE)-----/.test(text)) return 'a PEM key or certificate'
  if (!/[\x00-\x08\x0e-\x1f]/.test(text) && !text.includes('\ufffd')) return /^\s*[{[]/.test(text) ? 'JSON text' : 'text'
  return `unknown binary data, starting ${head.subarray(0, 8).toString('hex').replace(/(..)/g, '$1 ').trim()}`
}

/** The local file the image came from, for {localFolder:N}: PicGo 3 records it as origin (older cores as filePath); a URL is none. */
function sourceOf(item: IImgInfo & { origin?: unknown; filePath?: unknown }): { sourcePath?: string } {
  const path = [item.origin, item.filePath].find((value): value is string => typeof value === 'string' && value !== '')
  return path === undefined || /^[a-z][a-z0-9+.-]*:\/\//i.test(path) ? {} : { sourcePath: path }
}
