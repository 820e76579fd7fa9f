import { randomBytes } from 'crypto'

/**
 * A random (version 4) UUID for the `{uuid}` placeholder. crypto.randomUUID came in Node 14.17, and Typora's own
 * PicGo-Core runs on Node 12, so it is made from 16 random bytes here.
 */
export function randomUuid(): string {
  const bytes = randomBytes(16)
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
