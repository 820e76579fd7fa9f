import { holdsContent } from '../../oss/evidence'
import { storeAt } from '../../uploader/steps/place'
import { headObject, type StoreContext, type Upload } from '../../oss/store'

export type RestoreOutcome = { kind: 'stored' } | { kind: 'present' } | { kind: 'occupied'; detail: string }

/**
 * Restore through the uploader's store and identity rule, at the backed-up key itself (no "-N"): a key that already
 * holds these bytes (OSS's own evidence) is left alone; a key holding other bytes is reported, never overwritten;
 * a free key gets a PUT (or multipart) with x-oss-forbid-overwrite, checked by CRC-64.
 */
export async function storeRestoredObject(store: StoreContext, object: Upload): Promise<RestoreOutcome> {
  const existing = await headObject(store, object.key)
  if (existing !== undefined) {
    if (holdsContent(existing, object.content)) return { kind: 'present' }
    return {
      kind: 'occupied',
      detail: `the bucket already holds other bytes there (${existing.size ?? '?'} bytes, CRC-64 ${existing.crc64 || 'not sent'}): left as it is`
    }
  }
  const outcome = await storeAt(store, object, { dedupe: false, requests: (task) => task() })
  if (outcome === 'created') return { kind: 'stored' }
  if (outcome === 'present') return { kind: 'present' }
  return { kind: 'occupied', detail: 'other bytes were stored there meanwhile: left as it is' }
}
