import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { restoreExitCode, runRestore } from '../../../src/commands/backup/restore'
import { runBackup } from '../../../src/commands/backup/run'
import { resolveSettings } from '../../../src/settings/config'
import { crc64 } from '../../../src/oss/crc64'
import { localSettings, tempDir } from '../../helpers/picgo'
import { useOssServer } from '../../helpers/oss-server'

const source = useOssServer()
const target = useOssServer()

async function backedUp(prefix: string, objects: Record<string, string>): Promise<string> {
  for (const [name, text] of Object.entries(objects))
    source.putObject('test-bucket', prefix + name, Buffer.from(text), { 'Cache-Control': 'public, max-age=31536000, immutable' })
  const folder = tempDir()
  await runBackup(resolveSettings(localSettings(source)), { folder, prefix, concurrency: 2, dryRun: false })
  return folder
}
const restore = (folder: string, toPrefix = '') =>
  runRestore(resolveSettings(localSettings(target, { retries: 0 })), { folder, toPrefix, concurrency: 2, dryRun: false })

test('--to-prefix puts every key under the prefix, with the Content-Type and Cache-Control the objects had', async () => {
  const folder = await backedUp('moving/', { 'a.png': 'a', 'sub/b.png': 'b' })

  const summary = await restore(folder, 'old/')

  expect(summary).toMatchObject({ total: 2, stored: 2, present: 0, occupied: [], failed: [] })
  expect(target.listKeys('test-bucket').filter((key) => key.startsWith('old/'))).toEqual(['old/moving/a.png', 'old/moving/sub/b.png'])
  expect(target.getObject('test-bucket', 'old/moving/a.png')?.headers['cache-control']).toBe('public, max-age=31536000, immutable')
  expect(restoreExitCode(summary)).toBe(0)
})

test('a damaged local copy is reported and never uploaded; a key holding other bytes is reported and kept; both fail the run', async () => {
  const folder = await backedUp('mixed/', { 'good.png': 'good', 'bad.png': 'bad!', 'taken.png': 'ours' })
  writeFileSync(join(folder, 'mixed/bad.png'), 'BAD!')
  target.putObject('test-bucket', 'mixed/taken.png', Buffer.from('theirs'))

  const summary = await restore(folder)

  expect(summary.stored).toBe(1)
  expect(summary.failed).toEqual([
    { key: 'mixed/bad.png', reason: expect.stringMatching(/is not the 4 bytes the backup downloaded \(size or CRC-64 differs\): not uploaded/) }
  ])
  expect(summary.occupied).toEqual([{ key: 'mixed/taken.png', reason: expect.stringMatching(/already holds other bytes there/) }])
  expect(target.getObject('test-bucket', 'mixed/bad.png')).toBeUndefined()
  expect(target.getObject('test-bucket', 'mixed/taken.png')?.body.toString()).toBe('theirs')
  expect(restoreExitCode(summary)).toBe(1)
})

test('a folder without a backup is one clear error', async () => {
  await expect(restore(tempDir())).rejects.toThrow(/\.aliyun-oss-plus-backup\.json is missing or lists no objects: this folder holds no backup to restore/)
})

test('a file over 64 MiB goes up in parts read from the file even when "multipartThreshold" would allow one PUT', async () => {
  const folder = tempDir()
  const bytes = randomBytes(64 * 1024 * 1024 + 1)
  writeFileSync(join(folder, 'big.bin'), bytes)
  const entry = { path: 'big.bin', size: bytes.length, etag: 'X', crc64: crc64(bytes), savedAt: '2026-01-01T00:00:00.000Z' }
  writeFileSync(join(folder, '.aliyun-oss-plus-backup.json'), JSON.stringify({ version: 1, bucket: 'test-bucket', objects: { 'big.bin': entry } }))
  target.clearLog()

  const settings = resolveSettings(localSettings(target, { retries: 0, multipartThreshold: 5120 }))
  const summary = await runRestore(settings, { folder, toPrefix: 'cap/', concurrency: 1, dryRun: false })

  expect(summary).toMatchObject({ stored: 1, failed: [] })
  const puts = target.requests.filter((r) => r.method === 'PUT' && r.key === 'cap/big.bin')
  expect(puts.length).toBeGreaterThan(1)
  expect(puts.every((r) => r.query.includes('partNumber=') && r.bytesIn <= 5 * 1024 * 1024)).toBe(true)
  expect(target.getObject('test-bucket', 'cap/big.bin')?.body.equals(bytes)).toBe(true)
}, 60_000)
