// Every decision that a key holds our image lives here. The rule: only the server's own evidence (length, CRC-64,
// the MD5 ETag of a single PUT) proves it; a key that holds other bytes sends the image on to the next "-N" (claim.ts);
// nothing is ever overwritten.
import { bufferBody } from '../../oss/body'
import { type Content, holdsContent } from '../../oss/evidence'
import { uploadMultipart } from '../../oss/multipart'
import { type StoreContext, type Upload, headObject, putObject } from '../../oss/store'
import type { Batch, Placement, PlannedKeys } from './batch'
import type { Claimed } from './claim'
import type { ImageUpload } from './image'
import type { Staged } from './stages'

/** 'present': the key already holds exactly these bytes (server evidence); 'occupied': it holds others. */
type KeyOutcome = 'created' | 'present' | 'occupied'

/**
 * The step: stores the bytes under the claimed key, or under the first "-N" after it that is free or already holds
 * exactly these bytes. In predict mode the same walk asks HEAD (and the keys the dry run would have created) instead.
 * Images that became the same bytes under the same key share one placement.
 */
export function placeImage(batch: Batch, image: ImageUpload, { named, content }: Staged, first: Claimed): Promise<Placement> {
  const id = `${first.key}\0${content.sha256Hex}`
  let placing = batch.placing.get(id)
  if (placing === undefined) {
    const store = batch.store(image.file, named.contentAddressed)
    const { mode } = batch
    const at =
      mode.kind === 'upload'
        ? (key: string) =>
            storeAt(
              store,
              { key, body: bufferBody(named.buffer), content, contentType: named.contentType },
              { dedupe: batch.settings.dedupe, requests: batch.requests }
            )
        : (key: string) => predictAt(store, key, content, mode.planned, batch.requests)
    placing = walk(batch, named.key, first, content, store.fileName, at)
    batch.placing.set(id, placing)
  }
  return placing
}

async function walk(
  batch: Batch,
  baseKey: string,
  first: Claimed,
  content: Content,
  fileName: string,
  at: (key: string) => Promise<KeyOutcome>
): Promise<Placement> {
  let { key, attempt } = first
  for (;;) {
    const outcome = await at(key)
    if (outcome !== 'occupied') return { key, created: outcome === 'created' }
    ;({ key, attempt } = batch.claims.claimFrom(baseKey, content, attempt + 1, fileName))
  }
}

/**
 * Up to this size a new object goes PUT-first even under dedupe: the PUT never overwrites, and OSS's 409 sends us to
 * the same HEAD evidence. A paste saves the round trip of a HEAD; an object already there costs at most these bytes.
 */
export const PUT_FIRST_MAX_BYTES = 256 * 1024

export interface StoreOptions {
  /** Reuse an object that holds these bytes (the "dedupe" setting): HEAD first, or PUT-first for small objects. */
  dedupe: boolean
  /** Runs each OSS request within the upload's limit. */
  requests: <T>(task: () => Promise<T>) => Promise<T>
}

/** One key's try: our PUT (or multipart) made the object, or the key holds these bytes already, or others. */
export async function storeAt(store: StoreContext, upload: Upload, options: StoreOptions): Promise<KeyOutcome> {
  if (options.dedupe && upload.body.size > PUT_FIRST_MAX_BYTES) {
    const existing = await options.requests(() => headObject(store, upload.key))
    if (existing !== undefined) return holdsContent(existing, upload.content) ? 'present' : 'occupied'
  }
  const send = upload.body.size > store.multipartThresholdBytes ? uploadMultipart : putObject
  if ((await options.requests(() => send(store, upload))) === 'created') return 'created'
  // OSS refused to overwrite: the key is ours only if what is there is exactly our bytes (a PUT whose answer was lost).
  const occupant = await options.requests(() => headObject(store, upload.key))
  return occupant !== undefined && holdsContent(occupant, upload.content) ? 'present' : 'occupied'
}

/**
 * The dry run's try of one key, by HEAD only: what storeAt would find there. A key the dry run would have created
 * in an earlier batch answers from `planned` (these bytes, or others); a key it would create now is added to it.
 */
async function predictAt(store: StoreContext, key: string, content: Content, planned: PlannedKeys, requests: StoreOptions['requests']): Promise<KeyOutcome> {
  const owner = planned.get(key)
  if (owner !== undefined) return owner === content.sha256Hex ? 'created' : 'occupied'
  const existing = await requests(() => headObject(store, key))
  if (existing !== undefined) return holdsContent(existing, content) ? 'present' : 'occupied'
  planned.set(key, content.sha256Hex)
  return 'created'
}
