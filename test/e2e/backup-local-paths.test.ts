// Issue 24: backup, restore and --verify read and write only inside the backup folder, whatever a manifest, a journal
// or a symbolic link says; through the real picgo CLI (dist/, so `npm run build` first), real ali-oss and the local
// OSS server. Every file a test makes is under its own temporary folder.
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { localPathOf } from '../../src/commands/backup/local-path'
import { crc64 } from '../../src/oss/crc64'
import { localSettings, tempDir } from '../helpers/picgo'
import { linkPlugin, REPO_ROOT, runPicGo, writePicGoConfig, type CliResult } from '../../tools/picgo-home'
import { useOssServer } from '../helpers/oss-server'

const BUCKET = 'test-bucket'
const MANIFEST = '.aliyun-oss-plus-backup.json'
const server = useOssServer()
let home: string

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'dist', 'commands', 'local-paths', 'inside.js'))) throw new Error('dist/ is missing or stale: run `npm run build` first')
  home = tempDir('picgo-backup-paths-home-')
  linkPlugin(home)
  writePicGoConfig(home, localSettings(server, { retries: 0 }))
})
beforeEach(() => {
  server.clearFaults()
  server.clearLog()
})

const cli = (command: string, folder: string, flags: string[] = []): Promise<CliResult> =>
  runPicGo(['-c', join(home, 'config.json'), 'aliyun-oss-plus', command, folder, ...flags], home)

interface Entry {
  path: string
  size: number
  etag: string
  crc64: string
  contentType?: string
  savedAt: string
}
const entryOf = (path: string, bytes: Buffer, extra: Partial<Entry> = {}): Entry => ({
  path,
  size: bytes.length,
  etag: 'EDITED',
  crc64: crc64(bytes),
  savedAt: '2026-01-01T00:00:00.000Z',
  ...extra
})
function writeManifest(folder: string, objects: Record<string, Entry>): void {
  mkdirSync(folder, { recursive: true })
  writeFileSync(join(folder, MANIFEST), JSON.stringify({ version: 1, bucket: BUCKET, objects }))
}
const uploadedKeys = (): string[] => server.requests.filter((r) => r.method === 'PUT' || r.method === 'POST').map((r) => r.key ?? '')

/** A folder for the test, with a backup folder and an "outside" folder beside it. */
function place(name: string): { backup: string; outside: string } {
  const root = tempDir(`backup-paths-${name}-`)
  const outside = join(root, 'outside')
  mkdirSync(outside)
  return { backup: join(root, 'backup'), outside }
}

describe('a path read from a manifest is never trusted as given', () => {
  test('restore refuses an entry whose path leads outside the backup folder, even with the right CRC-64; --verify does not call it intact', async () => {
    const { backup, outside } = place('restore-outside')
    const secret = Buffer.from('root:x:0:0:root:/root:/bin/bash\n')
    writeFileSync(join(outside, 'passwd'), secret)
    writeManifest(backup, { 'stolen/passwd.txt': entryOf('../outside/passwd', secret, { contentType: 'text/plain' }) })

    const restored = await cli('restore', backup, ['--to-prefix', 'r1/'])
    const verified = await cli('backup', backup, ['--verify'])

    expect(restored.code).toBe(1)
    expect(restored.stdout).toContain('0 stored')
    expect(restored.stdout).toContain(
      'failed: r1/stolen/passwd.txt: the manifest gives it the path "../outside/passwd", which is not where the backup puts this key'
    )
    expect(uploadedKeys()).toEqual([])
    expect(server.getObject(BUCKET, 'r1/stolen/passwd.txt')).toBeUndefined()
    expect(verified.code).toBe(1)
    expect(verified.stdout).toContain('0 intact, 1 missing or damaged')
  })

  test('backup never writes to a path the manifest names outside the folder: the object goes to its own path, the entry is named', async () => {
    const { backup, outside } = place('backup-outside')
    const victim = join(outside, 'victim.txt')
    writeFileSync(victim, "the user's own text")
    const body = Buffer.from('new bytes of the object')
    server.putObject(BUCKET, 'b2/a.png', body)
    writeManifest(backup, { 'b2/a.png': entryOf('../outside/victim.txt', Buffer.from('old')) })

    const result = await cli('backup', backup, ['--prefix', 'b2/'])

    expect(result.code).toBe(0)
    expect(readFileSync(victim, 'utf8')).toBe("the user's own text")
    expect(readFileSync(join(backup, 'b2/a.png')).equals(body)).toBe(true)
    expect(result.stdout).toContain('manifest entry ignored: b2/a.png: the manifest gives it the path "../outside/victim.txt"')
    expect(JSON.parse(readFileSync(join(backup, MANIFEST), 'utf8')).objects['b2/a.png'].path).toBe('b2/a.png')
  })
})

describe('symbolic links inside the backup folder are neither followed nor replaced', () => {
  test("a symlinked folder on a key's path: the download is refused, nothing lands outside", async () => {
    const { backup, outside } = place('linked-folder')
    mkdirSync(backup)
    symlinkSync(outside, join(backup, 'b3'))
    server.putObject(BUCKET, 'b3/a.png', Buffer.from('bytes of b3/a.png'))

    const result = await cli('backup', backup, ['--prefix', 'b3/'])

    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/failed: b3\/a\.png: .*b3\/a\.png leads outside .*backup \(through a symbolic link or "\.\."\)/)
    expect(existsSync(join(outside, 'a.png'))).toBe(false)
  })

  test('a symlinked journal: the run stops before downloading, the linked file is untouched', async () => {
    const { backup, outside } = place('linked-journal')
    mkdirSync(join(backup, '.aliyun-oss-plus-backup'), { recursive: true })
    writeFileSync(join(outside, 'notes.txt'), 'keep me\n')
    symlinkSync(join(outside, 'notes.txt'), join(backup, '.aliyun-oss-plus-backup', 'journal.jsonl'))
    server.putObject(BUCKET, 'b4/a.png', Buffer.from('bytes of b4/a.png'))

    const result = await cli('backup', backup, ['--prefix', 'b4/'])

    expect(result.code).toBe(1)
    expect(result.stdout + result.stderr).toMatch(/journal\.jsonl is a symbolic link: it is neither followed nor replaced/)
    expect(readFileSync(join(outside, 'notes.txt'), 'utf8')).toBe('keep me\n')
  })

  test('a symlinked bookkeeping folder: its target is not emptied or written', async () => {
    const { backup, outside } = place('linked-own-folder')
    mkdirSync(join(outside, 'tmp'))
    writeFileSync(join(outside, 'tmp', 'precious.txt'), 'precious')
    mkdirSync(backup)
    symlinkSync(outside, join(backup, '.aliyun-oss-plus-backup'))
    server.putObject(BUCKET, 'b5/a.png', Buffer.from('bytes of b5/a.png'))

    const result = await cli('backup', backup, ['--prefix', 'b5/'])

    expect(result.code).toBe(1)
    expect(result.stdout + result.stderr).toContain('leads outside')
    expect(readFileSync(join(outside, 'tmp', 'precious.txt'), 'utf8')).toBe('precious')
  })
})

test('backup into something that is not a folder (/proc/self/status) stops at once with one sentence', async () => {
  const result = await cli('backup', '/proc/self/status', ['--prefix', 'b6/'])

  expect(result.code).toBe(1)
  expect(result.stdout + result.stderr).toContain('/proc/self/status is not a folder: choose a folder to back up into')
})

test('a key "__proto__" is backed up, recorded in the manifest, not downloaded again, and restored', async () => {
  const body = Buffer.from('bytes of a key named __proto__')
  server.putObject(BUCKET, '__proto__', body)
  const backup = join(tempDir('backup-proto-'), 'backup')

  const first = await cli('backup', backup, ['--prefix', '__proto__'])
  server.clearLog()
  const second = await cli('backup', backup, ['--prefix', '__proto__'])
  const restored = await cli('restore', backup, ['--to-prefix', 'r7/'])

  expect(first.code).toBe(0)
  expect(Object.keys(JSON.parse(readFileSync(join(backup, MANIFEST), 'utf8')).objects)).toEqual(['__proto__'])
  expect(second.stdout).toMatch(/1 listed, 0 downloaded \(0 B\), 1 unchanged/)
  expect(server.requests.filter((r) => r.method === 'GET' && r.key !== undefined)).toEqual([])
  expect(restored.code).toBe(0)
  expect(server.getObject(BUCKET, 'r7/__proto__')?.body.equals(body)).toBe(true)
})

describe('restore checks keys as the uploader does and names the file it cannot read', () => {
  test('a ".." key is refused with the reason; "/abs.png" with --to-prefix old/ becomes old/abs.png', async () => {
    const backup = join(tempDir('restore-keys-'), 'backup')
    const body = Buffer.from('bytes of abs.png')
    mkdirSync(backup)
    writeFileSync(join(backup, 'abs.png'), body)
    writeManifest(backup, {
      '/abs.png': entryOf('abs.png', body),
      'a/../b.png': entryOf('a/../b.png', body)
    })

    const result = await cli('restore', backup, ['--to-prefix', 'old/'])

    expect(result.stdout).toContain('1 stored')
    expect(server.getObject(BUCKET, 'old/abs.png')?.body.equals(body)).toBe(true)
    expect(server.listKeys(BUCKET).filter((key) => key.includes('//'))).toEqual([])
    expect(result.stdout).toContain(
      'failed: old/a/../b.png: the key "a/../b.png" has a "." or ".." segment, which ali-oss resolves before sending: it cannot be restored as itself'
    )
    expect(result.stdout).not.toContain('SignatureDoesNotMatch')
  })
})

describe("restore refuses, by the uploader's own key rule, keys OSS or the plugin would not take as themselves", () => {
  /** A manifest entry at the path the backup itself gives the key, so the manifest is trusted. */
  function backedUp(backup: string, key: string, body: Buffer): [string, Entry] {
    const mapped = localPathOf(key)
    if (mapped.kind !== 'file') throw new Error(`test setup: ${key} has no path`)
    mkdirSync(join(backup, mapped.path, '..'), { recursive: true })
    writeFileSync(join(backup, mapped.path), body)
    return [key, entryOf(mapped.path, body)]
  }

  test('a key with a control character (U+0007, U+0085) is one line naming the entry, escaped; the others are restored', async () => {
    const backup = join(tempDir('restore-control-'), 'backup')
    const body = Buffer.from('bytes of a backed-up image')
    writeManifest(
      backup,
      Object.fromEntries([backedUp(backup, 'r9/bell\u0007.png', body), backedUp(backup, 'r9/next\u0085line.png', body), backedUp(backup, 'r9/fine.png', body)])
    )

    const result = await cli('restore', backup)

    expect(result.code).toBe(1)
    expect(result.stdout).toContain('1 stored')
    expect(server.getObject(BUCKET, 'r9/fine.png')?.body.equals(body)).toBe(true)
    expect(result.stdout).toContain(
      'failed: r9/bell\\x07.png: the key "r9/bell\\x07.png" holds the control character U+0007, which the plugin never sends in a key: it cannot be restored as itself, so it is left out'
    )
    expect(result.stdout).toContain('failed: r9/next\\x85line.png: the key "r9/next\\x85line.png" holds the control character U+0085')
    expect(result.stdout).not.toMatch(/[\u0007\u0085]/)
    expect(server.requests.filter((r) => r.key !== 'r9/fine.png')).toEqual([])
  })

  test('a key over 1,023 bytes in UTF-8 (on its own, or with --to-prefix) is refused before any request; the others are restored', async () => {
    const backup = join(tempDir('restore-long-'), 'backup')
    const body = Buffer.from('bytes of a long-named image')
    // 340 Chinese characters: 340 characters, 1020 bytes; OSS counts the bytes.
    const fits = `${'图'.repeat(340)}`
    const tooLong = `${'图'.repeat(341)}/x.png`
    writeManifest(backup, Object.fromEntries([backedUp(backup, fits, body), backedUp(backup, tooLong, body), backedUp(backup, 'short.png', body)]))

    const alone = await cli('restore', backup)
    expect(alone.stdout).toContain('2 stored')
    expect(server.getObject(BUCKET, fits)?.body.equals(body)).toBe(true)
    expect(alone.stdout).toContain(
      `failed: ${tooLong}: the key "${tooLong}" is 1029 bytes long; OSS allows 1023: it cannot be restored as itself, so it is left out`
    )

    server.clearLog()
    const prefixed = await cli('restore', backup, ['--to-prefix', 'old/'])
    expect(prefixed.code).toBe(1)
    expect(prefixed.stdout).toContain('1 stored')
    expect(server.getObject(BUCKET, 'old/short.png')?.body.equals(body)).toBe(true)
    expect(prefixed.stdout).toContain(`failed: old/${fits}: the key "${fits}" with --to-prefix "old/" is 1024 bytes long; OSS allows 1023`)
    expect(server.requests.every((r) => r.key === 'old/short.png')).toBe(true)
  })
})

test('a listing that does not advance (the same continuation token again) stops with an error naming the prefix', async () => {
  for (let i = 0; i < 2001; i++) server.putObject(BUCKET, `loop/${String(i).padStart(4, '0')}.bin`, Buffer.from(`object ${i}`))
  // A bounded fault, so that code that follows tokens blindly ends too (after 20 extra pages) and fails here.
  server.injectFaults({ kind: 'repeat-token', methods: ['GET'], query: { 'list-type': '2', 'continuation-token': '' }, count: 20 })
  const backup = join(tempDir('backup-loop-'), 'backup')

  const result = await cli('backup', backup, ['--prefix', 'loop/', '--dry-run'])

  expect(result.code).toBe(1)
  expect(result.stdout + result.stderr).toContain(
    '[LIST] loop/*: the listing does not advance (the server sent a continuation token it had sent before): stopped'
  )
  expect(server.requests.filter((r) => r.query.includes('list-type=2'))).toHaveLength(2)
}, 120_000)
