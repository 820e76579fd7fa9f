// Issue 24: restore streams. A backed-up file over 2 GiB (sparse: no disk used) goes up through the real picgo CLI
// in parts read as ranges of the file, never held whole. In the long suite: about 50 s, and the local OSS server
// holds the 2 GiB it receives in memory.
import { existsSync, mkdirSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { crc64Digest, crc64Start, crc64Update } from '../../src/oss/crc64'
import { localSettings, tempDir } from '../helpers/picgo'
import { linkPlugin, REPO_ROOT, runPicGo, writePicGoConfig } from '../../tools/picgo-home'
import { useOssServer } from '../helpers/oss-server'

const BUCKET = 'test-bucket'
const server = useOssServer()
let home: string

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'dist', 'commands', 'backup', 'restore-file.js'))) throw new Error('dist/ is missing or stale: run `npm run build` first')
  home = tempDir('picgo-restore-large-home-')
  linkPlugin(home)
  writePicGoConfig(home, localSettings(server, { retries: 0 }))
})

/** The CRC-64 of `size` zero bytes (a sparse file), computed a chunk at a time. */
function crc64OfZeros(size: number): string {
  const zeros = Buffer.alloc(64 * 1024 * 1024)
  const state = crc64Start()
  for (let left = size; left > 0; left -= zeros.length) crc64Update(state, zeros.subarray(0, Math.min(left, zeros.length)))
  return crc64Digest(state)
}

test('a file over 2 GiB is restored in parts read as ranges of the file: the stored object has its length and CRC-64', async () => {
  const backup = join(tempDir('restore-huge-'), 'backup')
  mkdirSync(join(backup, 'r8'), { recursive: true })
  const size = 2 * 1024 * 1024 * 1024 + 1
  writeFileSync(join(backup, 'r8', 'huge.bin'), '')
  truncateSync(join(backup, 'r8', 'huge.bin'), size)
  const crc64 = crc64OfZeros(size)
  const manifest = {
    version: 1,
    bucket: BUCKET,
    objects: { 'r8/huge.bin': { path: 'r8/huge.bin', size, etag: 'X', crc64, savedAt: '2026-01-01T00:00:00.000Z' } }
  }
  writeFileSync(join(backup, '.aliyun-oss-plus-backup.json'), JSON.stringify(manifest))

  const result = await runPicGo(['-c', join(home, 'config.json'), 'aliyun-oss-plus', 'restore', backup, '--to-prefix', 'r8/'], home)

  expect(result.code).toBe(0)
  expect(result.stdout).toContain('1 stored')
  const parts = server.requests.filter((r) => r.method === 'PUT' && r.query.includes('partNumber='))
  expect(parts.reduce((sum, r) => sum + r.bytesIn, 0)).toBe(size)
  expect(Math.max(...parts.map((r) => r.bytesIn))).toBeLessThanOrEqual(5 * 1024 * 1024)
  const stored = server.getObject(BUCKET, 'r8/r8/huge.bin')
  expect({ length: stored?.body.length, crc64: stored?.crc64, multipart: stored?.multipart }).toEqual({ length: size, crc64, multipart: true })
}, 600_000)
