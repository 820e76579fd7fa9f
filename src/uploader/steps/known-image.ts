import { type Content, holdsContent } from '../../oss/evidence'
import { headObject, type StoreContext } from '../../oss/store'
import type { KnownImage } from '../known-images'
import type { Batch } from './batch'
import type { ImageUpload } from './image'

/**
 * A known image (an entry of the known-images file) whose object the server still holds, by its own evidence, and
 * whose key is this image's in this upload (claimed in input order): it needs no compression and nothing is sent.
 * Undefined otherwise; then the image goes through the stages as a new one.
 */
export async function knownImage(batch: Batch, image: ImageUpload): Promise<KnownImage | undefined> {
  const known = image.id === undefined ? undefined : batch.known?.get(image.id)
  if (known === undefined) return undefined
  if (!(await batch.requests(() => holdsAt(batch.store(image.file), known.key, known)))) return undefined
  await batch.claims.turn(image.index)
  if (!batch.claims.claim(known.key, known)) return undefined
  batch.claims.done(image.index)
  return known
}

/** True when the object at key is, by the server's evidence, exactly this content. */
async function holdsAt(store: StoreContext, key: string, content: Content): Promise<boolean> {
  const existing = await headObject(store, key)
  return existing !== undefined && holdsContent(existing, content)
}
