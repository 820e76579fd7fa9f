import { createHash, randomUUID } from 'node:crypto'
import { isContentAddressed, renderKeyTemplate } from './key-template'
import { sanitiseName, toObjectKey } from './object-key'
import type { Stage } from './types'

export interface NameOptions {
  /** Key prefix template, already normalised to end with "/" (or empty). */
  path: string
  /** Name template, e.g. "{hash}.{ext}". */
  fileName: string
  /** Clock and uuid source; tests pin them. */
  now?: () => Date
  uuid?: () => string
}

/** Names the image by its final bytes: sets `key` and whether that key is content-addressed. */
export const hashName: Stage<NameOptions> = async (image, options) => {
  const template = options.path + options.fileName
  const rendered = renderKeyTemplate(template, {
    sha256Hex: createHash('sha256').update(image.buffer).digest('hex'),
    md5Hex: createHash('md5').update(image.buffer).digest('hex'),
    name: sanitiseName(image.fileName),
    ext: image.extname.replace(/^\./, '').toLowerCase(),
    date: (options.now ?? (() => new Date()))(),
    uuid: (options.uuid ?? randomUUID)()
  })
  return { ...image, key: toObjectKey(rendered), contentAddressed: isContentAddressed(template) }
}
