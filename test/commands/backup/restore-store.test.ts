import { createHash } from 'node:crypto'
import { storeRestoredObject } from '../../../src/commands/backup/restore-store'
import { resolveSettings } from '../../../src/settings/config'
import { contentDigest } from '../../../src/transformers/hash-name'
import { bufferBody } from '../../../src/oss/body'
import { createClient } from '../../../src/oss/client'
import { contentOf } from '../../../src/oss/evidence'
import { storeContextOf } from '../../../src/oss/store'
import { localSettings } from '../../helpers/picgo'
import { useOssServer } from '../../helpers/oss-server'

const server = useOssServer()
beforeEach(() => server.clearLog())

const ours = Buffer.from('the backed-up bytes')
const restore = (key: string): ReturnType<typeof storeRestoredObject> => {
  const settings = resolveSettings({ ...localSettings(server), retries: 0 })
  return storeRestoredObject(storeContextOf(settings, createClient(settings), key), {
    key,
    body: bufferBody(ours),
    content: contentOf(ours, contentDigest(ours)),
    contentType: 'image/png'
  })
}
const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex')

describe('restore goes through the store with the identity rule', () => {
  test('a free key gets the bytes, sent with x-oss-forbid-overwrite', async () => {
    expect(await restore('free.png')).toEqual({ kind: 'stored' })
    expect(server.getObject('test-bucket', 'free.png')?.body.equals(ours)).toBe(true)
    expect(server.requests.find((r) => r.method === 'PUT')?.headers['x-oss-forbid-overwrite']).toBe('true')
  })

  test('a key already holding the same bytes (same length and CRC-64) is left alone, whatever its metadata says', async () => {
    server.putObject('test-bucket', 'same.png', ours, { 'x-oss-meta-sha256': 'not-the-hash' })
    expect(await restore('same.png')).toEqual({ kind: 'present' })
    expect(server.requests.map((r) => r.method)).toEqual(['HEAD'])
  })

  test('a key holding other bytes is reported and never overwritten, even when its x-oss-meta-sha256 claims our bytes', async () => {
    const theirs = Buffer.from("somebody else's bytes")
    server.putObject('test-bucket', 'taken.png', theirs, { 'x-oss-meta-sha256': sha256(ours) })
    const outcome = await restore('taken.png')
    expect(outcome).toEqual({ kind: 'occupied', detail: expect.stringMatching(/already holds other bytes there \(21 bytes, CRC-64 \d+\): left as it is/) })
    expect(server.getObject('test-bucket', 'taken.png')?.body.equals(theirs)).toBe(true)
    expect(server.requests.map((r) => r.method)).toEqual(['HEAD'])
    expect(server.listKeys('test-bucket')).not.toContain('taken-1.png')
  })
})
