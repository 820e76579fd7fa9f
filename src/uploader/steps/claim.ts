// Where "-N" comes from: in one upload each key is claimed by one content, in input order, and a second content that
// wants it goes the "-N" way before anything is sent; place.ts walks on from there when the bucket holds other bytes.
import type { PluginError } from '../../errors'
import { requestError } from '../../oss/oss-error'
import { withSuffix } from '../../naming/object-key'
import type { Content } from '../../oss/evidence'

/** How many "-1", "-2", … names to try when a key already holds other content. */
const MAX_NAME_ATTEMPTS = 20

/** A key and how many "-N" steps from the base key it is (0: the base key itself). */
export interface Claimed {
  key: string
  attempt: number
}

/**
 * One upload call's claims on keys. Images claim in input order (turn() waits for every earlier image to have
 * claimed or failed), so which of two contents gets the plain key never depends on which compressed first.
 */
export class KeyClaims {
  private readonly owners = new Map<string, string>()
  private readonly finished = new Set<number>()
  private readonly waiting = new Map<number, () => void>()
  /** Every image before this index has claimed or failed. */
  private next = 0

  /** Resolves when every image before `index` has claimed its key or failed. */
  turn(index: number): Promise<void> {
    if (index <= this.next) return Promise.resolve()
    return new Promise((resolve) => this.waiting.set(index, resolve))
  }

  /** Image `index` has claimed, or will claim nothing (it failed or is a copy): later images may go. Idempotent. */
  done(index: number): void {
    if (index < this.next) return
    this.finished.add(index)
    while (this.finished.has(this.next)) {
      this.finished.delete(this.next)
      this.next++
      this.waiting.get(this.next)?.()
      this.waiting.delete(this.next)
    }
  }

  /** True when the key is free in this upload or already claimed by the same content; then it is claimed. */
  claim(key: string, content: Content): boolean {
    const owner = this.owners.get(key)
    if (owner !== undefined && owner !== content.sha256Hex) return false
    this.owners.set(key, content.sha256Hex)
    return true
  }

  /** The first of key, key-N, key-(N+1), … from `from` on that this content may claim, claimed. */
  claimFrom(baseKey: string, content: Content, from: number, fileName: string): Claimed {
    for (let attempt = from; attempt < MAX_NAME_ATTEMPTS; attempt++) {
      const key = attempt === 0 ? baseKey : withSuffix(baseKey, attempt)
      if (this.claim(key, content)) return { key, attempt }
    }
    throw tooManyNames(baseKey, fileName)
  }
}

/** The step: once every earlier image has claimed, the first key from the base key on that these bytes may take. */
export async function claimKey(claims: KeyClaims, index: number, baseKey: string, content: Content, fileName: string): Promise<Claimed> {
  await claims.turn(index)
  try {
    return claims.claimFrom(baseKey, content, 0, fileName)
  } finally {
    claims.done(index)
  }
}

function tooManyNames(baseKey: string, fileName: string): PluginError {
  return requestError(
    { operation: 'PUT', key: baseKey, file: fileName },
    `${MAX_NAME_ATTEMPTS} keys from this name already hold other files; change "fileName"`,
    {
      file: fileName,
      code: 'FileAlreadyExists'
    }
  )
}
