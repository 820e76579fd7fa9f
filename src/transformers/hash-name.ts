import { createHash } from 'crypto'
import { randomUuid } from '../naming/random-uuid'
import { isContentAddressed, renderKeyTemplate } from '../naming/key-template'
import { localFoldersOf, sanitiseNameWithFolders, toObjectKey } from '../naming/object-key'
import type { ContentDigest, NamedImage, StageImage } from './types'

export interface NameOptions {
  /** Key prefix template, already normalised to end with "/" (or empty). */
  path: string
  /** Name template, e.g. "{hash}.{ext}". */
  fileName: string
  /** Clock and uuid source; tests pin them. */
  now?: () => Date
  uuid?: () => string
  random?: (length: number) => string
}

/** Names the image by its final bytes: sets `key` and whether that key is content-addressed. */
export async function hashName(image: StageImage, options: NameOptions): Promise<NamedImage> {
  const template = options.path + options.fileName
  const digest = contentDigest(image.buffer)
  const values = {
    ...digest,
    name: sanitiseNameWithFolders(image.fileName),
    ext: image.extname.replace(/^\./, '').toLowerCase(),
    date: (options.now ?? (() => new Date()))(),
    uuid: (options.uuid ?? randomUuid)(),
    ...(options.random ? { random: options.random } : {}),
    ...(image.sourcePath ? { localFolders: localFoldersOf(image.sourcePath) } : {})
  }
  const [path, name] = [renderKeyTemplate(options.path, values), renderKeyTemplate(options.fileName, values)]
  const longest = Buffer.byteLength(path) >= Buffer.byteLength(name) ? 'path' : 'fileName'
  return { ...image, key: toObjectKey(path + name, longest), contentAddressed: isContentAddressed(template), digest }
}

export function contentDigest(buffer: Buffer): ContentDigest {
  return { sha256Hex: createHash('sha256').update(buffer).digest('hex'), md5Hex: createHash('md5').update(buffer).digest('hex') }
}
