// Every decision that a key holds our image lives here. The rule: only the server's own evidence (length, CRC-64,
// the MD5 ETag of a single PUT) proves it; in one upload each key is claimed by one content, in input order, and a
// second content that wants it goes the "-N" way before anything is sent; nothing is ever overwritten.
import { PluginError } from '../errors'
import { requestError } from '../oss/oss-error'
import { withSuffix } from '../naming/object-key'
import { bufferBody } from '../oss/body'
import { type Content, holdsContent } from '../oss/evidence'
import { uploadMultipart } from '../oss/multipart'
import { type StoreContext, type Upload, headObject, putObject } from '../oss/store'

/** How many "-1", "-2", … names to try when a key already holds other content. */
const MAX_NAME_ATTEMPTS = 20

/** Where some bytes ended up. created: this upload's own request made the object (the gallery may delete it). */
export interface Placement { key: string; created: boolean }

/** A memo of promises: the first caller of a key runs the task, later callers share its promise. */
export function memo<T>(): (key: string, task: () => Promise<T>) => Promise<T> {
  const pending = new Map<string, Promise<T>>()
  return (key, task) => {
    let promise = pending.get(key)
    if (promise === undefined) {
      promise = task()
      pending.set(key, promise)
    }
    return promise
  }
}

/**
 * One upload call's claims on keys. Images claim in input order (turn() waits for every earlier image to have
 * claimed or failed), so which of two contents gets the plain key never depends on which compressed first.
 */
export class KeyClaims {
  private readonly owners = new Map<string, string>()
  private readonly finished: Array<Promise<void>>
  private readonly finish: Array<() => void> = []

  constructor(count: number) {
    this.finished = Array.from({ length: count }, () => new Promise<void>((resolve) => this.finish.push(resolve)))
  }

  /** Resolves when every image before `index` has claimed its key or failed. */
  async turn(index: number): Promise<void> {
    await Promise.all(this.finished.slice(0, index))
  }

  /** Image `index` has claimed, or will claim nothing (it failed or is a copy): later images may go. Idempotent. */
  done(index: number): void {
    this.finish[index]?.()
  }

  /** True when the key is free in this upload or already claimed by the same content; then it is claimed. */
  claim(key: string, content: Content): boolean {
    const owner = this.owners.get(key)
    if (owner !== undefined && owner !== content.sha256Hex) return false
    this.owners.set(key, content.sha256Hex)
    return true
  }

  /** The first of key, key-N, key-(N+1), … from `from` on that this content may claim, claimed. */
  claimFrom(baseKey: string, content: Content, from: number, fileName: string): { key: string; attempt: number } {
    for (let attempt = from; attempt < MAX_NAME_ATTEMPTS; attempt++) {
      const key = attempt === 0 ? baseKey : withSuffix(baseKey, attempt)
      if (this.claim(key, content)) return { key, attempt }
    }
    throw tooManyNames(baseKey, fileName)
  }
}

export interface PlaceOptions {
  /** Reuse an object that holds these bytes (the "dedupe" setting): HEAD first, or PUT-first for small objects. */
  dedupe: boolean
  /** Runs each OSS request in the upload's gate. */
  gate: <T>(task: () => Promise<T>) => Promise<T>
}

/**
 * Stores the bytes under baseKey, or under the first baseKey-N that is free or already holds exactly these bytes
 * (server evidence). The claim for baseKey is made by the caller (in input order); later names are claimed here.
 */
export async function place(
  store: StoreContext, claims: KeyClaims, baseKey: string, first: { key: string; attempt: number },
  upload: { buffer: Buffer; content: Content; contentType: string }, options: PlaceOptions
): Promise<Placement> {
  let { key, attempt } = first
  for (;;) {
    const outcome = await storeAt(store, { key, body: bufferBody(upload.buffer), content: upload.content, contentType: upload.contentType }, options)
    if (outcome !== 'occupied') return { key, created: outcome === 'created' }
    ;({ key, attempt } = claims.claimFrom(baseKey, upload.content, attempt + 1, store.fileName))
  }
}

/**
 * Up to this size a new object goes PUT-first even under dedupe: the PUT never overwrites, and OSS's 409 sends us to
 * the same HEAD evidence. A paste saves the round trip of a HEAD; an object already there costs at most these bytes.
 */
export const PUT_FIRST_MAX_BYTES = 256 * 1024

/** 'present' when the key already holds exactly these bytes (server evidence), 'occupied' when it holds others. */
export async function storeAt(store: StoreContext, upload: Upload, options: PlaceOptions): Promise<'created' | 'present' | 'occupied'> {
  if (options.dedupe && upload.body.size > PUT_FIRST_MAX_BYTES) {
    const existing = await options.gate(() => headObject(store, upload.key))
    if (existing !== undefined) return holdsContent(existing, upload.content) ? 'present' : 'occupied'
  }
  const send = upload.body.size > store.multipartThresholdBytes ? uploadMultipart : putObject
  if (await options.gate(() => send(store, upload)) === 'created') return 'created'
  // OSS refused to overwrite: the key is ours only if what is there is exactly our bytes (a PUT whose answer was lost).
  const occupant = await options.gate(() => headObject(store, upload.key))
  return occupant !== undefined && holdsContent(occupant, upload.content) ? 'present' : 'occupied'
}

/**
 * Where place() would put these bytes, found with HEAD requests only (a dry run), by the same claims and the same
 * "-N" walk: the key that holds exactly them (created: false) or that is free (created: true). `planned` answers for
 * keys that earlier chunks of the run would have stored by then: 'same' when these bytes, 'other' when others.
 */
export async function probePlacement(
  store: StoreContext, claims: KeyClaims, baseKey: string, first: { key: string; attempt: number }, content: Content,
  planned: (key: string) => 'same' | 'other' | undefined
): Promise<Placement> {
  let { key, attempt } = first
  for (;;) {
    const state = planned(key) ?? await headObject(store, key).then((existing) =>
      existing === undefined ? 'free' : holdsContent(existing, content) ? 'present' : 'other')
    if (state !== 'other') return { key, created: state !== 'present' }
    ;({ key, attempt } = claims.claimFrom(baseKey, content, attempt + 1, store.fileName))
  }
}

/** True when the object at key is, by the server's evidence, exactly this content: a known image's check. */
export async function holdsAt(store: StoreContext, key: string, content: Content): Promise<boolean> {
  const existing = await headObject(store, key)
  return existing !== undefined && holdsContent(existing, content)
}

function tooManyNames(baseKey: string, fileName: string): PluginError {
  return requestError({ operation: 'PUT', key: baseKey, file: fileName }, `${MAX_NAME_ATTEMPTS} keys from this name already hold other files; change "fileName"`, {
    file: fileName, code: 'FileAlreadyExists'
  })
}
