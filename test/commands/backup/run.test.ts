import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { hashedPathOf } from '../../../src/commands/backup/local-path'
import { runBackup, type BackupSummary } from '../../../src/commands/backup/run'
import { verifyBackup } from '../../../src/commands/backup/verify'
import { resolveSettings } from '../../../src/settings/config'
import { localSettings, tempDir } from '../../helpers/picgo'
import { useOssServer } from '../../helpers/oss-server'

const server = useOssServer()
beforeEach(() => server.clearLog())

const backup = (folder: string, prefix: string, dryRun = false): Promise<BackupSummary> =>
  runBackup(resolveSettings(localSettings(server, { retries: 0 })), { folder, prefix, concurrency: 2, dryRun })
const gets = (): string[] =>
  server.requests
    .filter((r) => r.method === 'GET' && r.key !== undefined)
    .map((r) => r.key as string)
    .sort()

test('a dry run lists and counts what it would download, and writes nothing', async () => {
  server.putObject('test-bucket', 'dry/a.png', Buffer.alloc(10, 1))
  const folder = join(tempDir(), 'not-made')

  const summary = await backup(folder, 'dry/', true)

  expect(summary).toMatchObject({ listed: 1, downloaded: 1, downloadedBytes: 10, dryRun: true })
  expect(gets()).toEqual([])
  expect(existsSync(folder)).toBe(false)
})

test('--verify finds a changed and a missing file without downloading; the next backup downloads just those two', async () => {
  for (const name of ['a', 'b', 'c']) server.putObject('test-bucket', `verify/${name}.png`, Buffer.alloc(1000, name))
  const folder = tempDir()
  await backup(folder, 'verify/')
  const changed = readFileSync(join(folder, 'verify/a.png'))
  changed[500] = 0
  writeFileSync(join(folder, 'verify/a.png'), changed)
  rmSync(join(folder, 'verify/b.png'))
  server.clearLog()

  const verified = await verifyBackup(folder, 'test-bucket', 2)

  expect(server.requests).toEqual([])
  expect(verified).toMatchObject({ checked: 3, intact: 1 })
  expect(verified.damaged).toEqual([
    { key: 'verify/a.png', reason: expect.stringMatching(/same size, other bytes \(CRC-64 differs\)/) },
    { key: 'verify/b.png', reason: 'verify/b.png: missing' }
  ])

  const summary = await backup(folder, 'verify/')
  expect(gets()).toEqual(['verify/a.png', 'verify/b.png'])
  expect(summary).toMatchObject({ downloaded: 2, unchanged: 1 })
  expect(readFileSync(join(folder, 'verify/a.png')).equals(Buffer.alloc(1000, 'a'))).toBe(true)
  expect((await verifyBackup(folder, 'test-bucket', 2)).damaged).toEqual([])
})

test('a file already in the folder that is not from this backup is never replaced; one with the same bytes is adopted', async () => {
  server.putObject('test-bucket', 'foreign/mine.png', Buffer.from('the object'))
  server.putObject('test-bucket', 'foreign/same.png', Buffer.from('same bytes'))
  const folder = tempDir()
  mkdirSync(join(folder, 'foreign'))
  writeFileSync(join(folder, 'foreign/mine.png'), "the user's own file")
  writeFileSync(join(folder, 'foreign/same.png'), 'same bytes')

  const summary = await backup(folder, 'foreign/')

  expect(readFileSync(join(folder, 'foreign/mine.png'), 'utf8')).toBe("the user's own file")
  expect(summary.failed).toEqual([
    { key: 'foreign/mine.png', reason: expect.stringMatching(/already exists with other bytes and is not from this backup: it is left as it is/) }
  ])
  expect(summary.downloaded).toBe(1)
  expect(readFileSync(join(folder, 'foreign/same.png'), 'utf8')).toBe('same bytes')
})

test('keys differing only in case both land, one under a hashed name the manifest records', async () => {
  server.putObject('test-bucket', 'case/A.png', Buffer.from('upper'))
  server.putObject('test-bucket', 'case/a.png', Buffer.from('lower'))
  const folder = tempDir()

  const summary = await backup(folder, 'case/')

  expect(summary.downloaded).toBe(2)
  expect(readFileSync(join(folder, 'case/A.png'), 'utf8')).toBe('upper')
  expect(readFileSync(join(folder, hashedPathOf('case/a.png')), 'utf8')).toBe('lower')
  expect(summary.renamed).toEqual([{ key: 'case/a.png', path: hashedPathOf('case/a.png'), note: expect.stringMatching(/taken by "case\/A\.png"/) }])
  expect(readdirSync(join(folder, 'case'))).toEqual(['A.png'])
})

test('a listing that fails while downloads are in flight: nothing new starts, and the run reports only once they have settled', async () => {
  // Page 1 (1,000 keys): two objects, then folder markers (skipped at once); page 2's LIST fails.
  server.putObject('test-bucket', 'stop/a.png', Buffer.from('first'))
  server.putObject('test-bucket', 'stop/b.png', Buffer.from('second'))
  for (let i = 0; i < 998; i++) server.putObject('test-bucket', `stop/m${String(i).padStart(3, '0')}/`, Buffer.alloc(0))
  server.putObject('test-bucket', 'stop/z.png', Buffer.from('never listed'))
  server.injectFaults(
    { kind: 'delay', delayMs: 500, methods: ['GET'], key: 'stop/a.png' },
    { kind: 'delay', delayMs: 500, methods: ['GET'], key: 'stop/b.png' },
    { kind: 'status', status: 503, code: 'ServiceUnavailable', methods: ['GET'], query: { 'continuation-token': '' } }
  )
  const folder = tempDir()
  try {
    const failure = await backup(folder, 'stop/').then(
      () => undefined,
      (error: Error) => error
    )

    expect(failure?.message).toMatch(/503/)
    expect(readFileSync(join(folder, 'stop/a.png'), 'utf8')).toBe('first')
    expect(readFileSync(join(folder, 'stop/b.png'), 'utf8')).toBe('second')
    expect(gets()).toEqual(['stop/a.png', 'stop/b.png'])
  } finally {
    server.clearFaults()
  }
})
