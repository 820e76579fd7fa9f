// `picgo aliyun-oss-plus backup` and `restore` through the real picgo CLI (the plugin linked from this working
// tree's dist/, so `npm run build` first), the real ali-oss and the local OSS server.
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { startOssServer } from '../../tools/oss-server'
import { localSettings, TEST_AK, tempDir } from '../helpers/picgo'
import { linkPlugin, PICGO_BIN, REPO_ROOT, runPicGo, runProcess, writePicGoConfig, type CliResult } from '../../tools/picgo-home'
import { useOssServer } from '../helpers/oss-server'

const BUCKET = 'test-bucket'
const MANIFEST = '.aliyun-oss-plus-backup.json'
const server = useOssServer()
let home: string

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'dist', 'commands', 'backup', 'command.js'))) throw new Error('dist/ is missing or stale: run `npm run build` first')
  home = tempDir('picgo-backup-home-')
  linkPlugin(home)
})
beforeEach(() => {
  server.clearFaults()
  server.clearLog()
})

/** Deterministic bytes of a given length for a key. */
function bodyOf(key: string, length = 64 + (createHash('md5').update(key).digest()[0] as number)): Buffer {
  const out = Buffer.alloc(length)
  let block = createHash('sha256').update(key).digest()
  for (let offset = 0; offset < length; offset += block.length) {
    block.copy(out, offset)
    block = createHash('sha256').update(block).digest()
  }
  return out
}

function backup(folder: string, flags: string[] = [], settings: Record<string, unknown> = {}): Promise<CliResult> {
  const configPath = writePicGoConfig(home, localSettings(server, { retries: 1, ...settings }))
  return runPicGo(['-c', configPath, 'aliyun-oss-plus', 'backup', folder, ...flags], home)
}

/** Every file under the folder, outside the backup's own bookkeeping, as relative POSIX paths. */
function filesUnder(folder: string): string[] {
  const out: string[] = []
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else out.push(relative(folder, path).split('\\').join('/'))
    }
  }
  walk(folder)
  return out.filter((path) => !path.startsWith('.aliyun-oss-plus-backup')).sort()
}

const objectGets = (): typeof server.requests => server.requests.filter((r) => r.method === 'GET' && r.key !== undefined)
const listRequests = (): typeof server.requests => server.requests.filter((r) => r.method === 'GET' && r.key === undefined && r.query.includes('list-type=2'))
const manifestOf = (folder: string): { objects: Record<string, { path: string; size: number }> } => JSON.parse(readFileSync(join(folder, MANIFEST), 'utf8'))

describe('a bucket of 2,500 objects with Chinese and hostile keys', () => {
  const paged = Array.from({ length: 2500 }, (_, i) => `img/${String(i).padStart(4, '0')}.png`)
  const chinese = 'img/截图 2024/中文 图片.png'
  const hostile = ['../x', 'a/../../b', 'CON.png']
  const folder = join(tempDir('backup-all-'), 'backup')

  beforeAll(() => {
    for (const key of [...paged, chinese, ...hostile]) server.putObject(BUCKET, key, bodyOf(key))
  })

  test('the first backup pages the listing, downloads every object byte for byte, and skips ".." keys with the reason', async () => {
    const result = await backup(folder, ['--all'])

    expect(result.code).toBe(0)
    expect(listRequests()).toHaveLength(3)
    expect(listRequests().every((r) => /max-keys=1000/.test(r.query))).toBe(true)
    expect(objectGets()).toHaveLength(2502)
    for (const key of [...paged, chinese]) expect(readFileSync(join(folder, key)).equals(bodyOf(key))).toBe(true)
    // Windows device names get one character escaped; the manifest records where each key went.
    expect(readFileSync(join(folder, '%43ON.png')).equals(bodyOf('CON.png'))).toBe(true)
    expect(manifestOf(folder).objects['CON.png']?.path).toBe('%43ON.png')
    // ali-oss would resolve the ".." segments and fetch another key; on disk they would leave the folder.
    expect(result.stdout).toContain('skipped: ../x: the key has a "." or ".." segment')
    expect(result.stdout).toContain('skipped: a/../../b: the key has a "." or ".." segment')
    expect(objectGets().some((r) => r.key === 'x' || r.key === 'b')).toBe(false)
    expect(readdirSync(join(folder, '..'))).toEqual(['backup'])
    expect(filesUnder(folder)).toHaveLength(2502)
    expect(result.stdout).toMatch(/2504 listed, 2502 downloaded \([\d.]+ KB\), 0 unchanged, 2 skipped, 0 failed, 0 only in the backup/)
  }, 180_000)

  test('a second run over the unchanged bucket downloads 0 bytes and makes only the LIST requests', async () => {
    const result = await backup(folder, ['--all'])

    expect(result.code).toBe(0)
    expect(server.requests.map((r) => r.method === 'GET' && r.key === undefined && r.query.includes('list-type=2'))).toEqual([true, true, true])
    expect(server.requests.reduce((sum, r) => sum + (r.key === undefined ? 0 : r.bytesOut), 0)).toBe(0)
    expect(result.stdout).toMatch(/2504 listed, 0 downloaded \(0 B\), 2502 unchanged, 2 skipped, 0 failed/)
  }, 120_000)

  test('--verify re-reads every backed-up file without a request; a damaged one is named and fails the run', async () => {
    const ok = await backup(folder, ['--verify'])
    expect(ok.code).toBe(0)
    expect(ok.stdout).toMatch(/verified .*: 2502 files checked, 2502 intact, 0 missing or damaged/)
    expect(server.requests).toEqual([])

    const file = join(folder, 'img/0007.png')
    const bytes = readFileSync(file)
    writeFileSync(file, Buffer.from(bytes.map((byte, index) => (index === 3 ? byte ^ 1 : byte))))
    const damaged = await backup(folder, ['--verify'])
    expect(damaged.code).toBe(1)
    expect(damaged.stdout).toContain('damaged: img/0007.png: img/0007.png: same size, other bytes (CRC-64 differs)')

    const repaired = await backup(folder, ['--all'])
    expect(repaired.code).toBe(0)
    expect(objectGets().map((r) => r.key)).toEqual(['img/0007.png'])
    expect(readFileSync(file).equals(bytes)).toBe(true)
  }, 120_000)

  test('a changed object is downloaded again; a deleted one stays in the backup and is named "only in the backup"', async () => {
    server.putObject(BUCKET, 'img/0001.png', bodyOf('changed', 300))
    const deleted = server.listKeys(BUCKET).includes('img/0002.png')
    expect(deleted).toBe(true)
    await fetchDelete('img/0002.png')
    server.clearLog()

    const result = await backup(folder, ['--prefix', 'img/'])

    expect(result.code).toBe(0)
    expect(objectGets().map((r) => r.key)).toEqual(['img/0001.png'])
    expect(readFileSync(join(folder, 'img/0001.png')).equals(bodyOf('changed', 300))).toBe(true)
    expect(readFileSync(join(folder, 'img/0002.png')).equals(bodyOf('img/0002.png'))).toBe(true)
    expect(result.stdout).toContain('only in the backup (deleted from the bucket, kept here): img/0002.png')
    server.putObject(BUCKET, 'img/0002.png', bodyOf('img/0002.png'))
    server.putObject(BUCKET, 'img/0001.png', bodyOf('img/0001.png'))
  }, 120_000)

  test('restore into an empty bucket (another server) stores every object byte for byte, then skips them all', async () => {
    await backup(folder, ['--all'])
    const target = await startOssServer({ credentials: [TEST_AK] })
    try {
      const configPath = writePicGoConfig(home, localSettings(target))
      const first = await runPicGo(['-c', configPath, 'aliyun-oss-plus', 'restore', folder, '--concurrency', '8'], home)

      expect(first.code).toBe(0)
      const restorable = [...paged, chinese, 'CON.png']
      expect(target.listKeys(BUCKET).sort()).toEqual([...restorable].sort())
      for (const key of restorable) expect(target.getObject(BUCKET, key)?.body.equals(bodyOf(key))).toBe(true)
      expect(first.stdout).toMatch(/2502 in the backup, 2502 stored \([\d.]+ KB\), 0 already there, 0 held by other bytes, 0 failed/)
      expect(target.requests.filter((r) => r.method === 'PUT').every((r) => r.headers['x-oss-forbid-overwrite'] === 'true')).toBe(true)

      target.clearLog()
      const again = await runPicGo(['-c', configPath, 'aliyun-oss-plus', 'restore', folder], home)
      expect(again.code).toBe(0)
      expect(again.stdout).toMatch(/0 stored \(0 B\), 2502 already there, 0 held by other bytes, 0 failed/)
      expect(target.requests.every((r) => r.method === 'HEAD')).toBe(true)
    } finally {
      await target.close()
    }
  }, 240_000)
})

/** DELETE through ali-oss would need a client here; the server's own store is simpler. */
async function fetchDelete(key: string): Promise<void> {
  const { createClient } = await import('../../src/oss/client')
  const { resolveSettings } = await import('../../src/settings/config')
  await createClient(resolveSettings(localSettings(server))).delete(key)
}

describe('faults and interruptions', () => {
  test('a corrupted download is retried; one corrupted on every try is reported with the request id and never kept; exit code 1', async () => {
    for (const name of ['once', 'always', 'fine']) server.putObject(BUCKET, `corrupt/${name}.png`, bodyOf(name, 5000))
    server.injectFaults({ kind: 'corrupt-body', key: 'corrupt/once.png', count: 1 }, { kind: 'corrupt-body', key: 'corrupt/always.png' })
    const folder = tempDir('backup-corrupt-')

    const result = await backup(folder, ['--prefix', 'corrupt/'], { retries: 1 })

    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/3 listed, 2 downloaded \([\d.]+ KB\), 0 unchanged, 0 skipped, 1 failed/)
    expect(result.stdout).toMatch(
      /failed: corrupt\/always\.png: \[GET\] corrupt\/always\.png: CrcMismatch \(request id [0-9A-F]{24}\): CRC-64 of the downloaded bytes \(\d+\) differs from OSS's \(\d+\): corrupted on the way/
    )
    expect(result.stdout).toMatch(/retried: corrupt\/once\.png: \[GET\] corrupt\/once\.png: CrcMismatch/)
    expect(
      objectGets()
        .filter((r) => r.key === 'corrupt/always.png')
        .map((r) => r.fault)
    ).toEqual(['corrupt byte middle', 'corrupt byte middle'])
    expect(filesUnder(folder)).toEqual(['corrupt/fine.png', 'corrupt/once.png'])
    expect(readFileSync(join(folder, 'corrupt/once.png')).equals(bodyOf('once', 5000))).toBe(true)
    expect(readdirSync(join(folder, '.aliyun-oss-plus-backup', 'tmp'))).toEqual([])

    server.clearFaults()
    server.clearLog()
    const again = await backup(folder, ['--prefix', 'corrupt/'])
    expect(again.code).toBe(0)
    expect(objectGets().map((r) => r.key)).toEqual(['corrupt/always.png'])
    expect(readFileSync(join(folder, 'corrupt/always.png')).equals(bodyOf('always', 5000))).toBe(true)
  }, 60_000)

  test('a failed download names its key escaped in every part of the line: a bidi override in a key cannot turn it', async () => {
    const key = 'bidi/invoice\u202egnp.png'
    server.putObject(BUCKET, key, bodyOf(key, 3000))
    server.injectFaults({ kind: 'corrupt-body', key })
    const result = await backup(tempDir('backup-bidi-'), ['--prefix', 'bidi/'], { retries: 0 })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('failed: bidi/invoice\\u202egnp.png: [GET] bidi/invoice\\u202egnp.png: CrcMismatch')
    expect(result.stdout + result.stderr).not.toContain('\u202e')
  }, 60_000)

  test('a connection broken mid-download leaves no partial file under the final name; the next run fetches only that object', async () => {
    const keys = Array.from({ length: 5 }, (_, i) => `cut/${i}.png`)
    for (const key of keys) server.putObject(BUCKET, key, bodyOf(key, 100_000))
    server.injectFaults({ kind: 'cut-body', key: 'cut/2.png', atByte: 50_000 })
    const folder = tempDir('backup-cut-')

    const result = await backup(folder, ['--prefix', 'cut/'], { retries: 0 })

    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(
      /failed: cut\/2\.png: \[GET\] cut\/2\.png: (IncompleteBody|ECONNRESET) \(request id [0-9A-F]{24}\): the connection broke after \d+ (of 100000 )?bytes/
    )
    expect(filesUnder(folder)).toEqual(['cut/0.png', 'cut/1.png', 'cut/3.png', 'cut/4.png'])

    server.clearFaults()
    server.clearLog()
    const again = await backup(folder, ['--prefix', 'cut/'])
    expect(again.code).toBe(0)
    expect(objectGets().map((r) => r.key)).toEqual(['cut/2.png'])
    for (const key of keys) expect(readFileSync(join(folder, key)).equals(bodyOf(key, 100_000))).toBe(true)
  }, 60_000)

  test('a run killed part-way (as by Ctrl-C or a crash) keeps only whole files under final names and resumes where it stopped', async () => {
    const keys = Array.from({ length: 30 }, (_, i) => `resume/${String(i).padStart(2, '0')}.png`)
    for (const key of keys) server.putObject(BUCKET, key, bodyOf(key, 300_000))
    server.injectFaults({ kind: 'delay', delayMs: 100, methods: ['GET'] })
    const folder = tempDir('backup-resume-')
    const journal = join(folder, '.aliyun-oss-plus-backup', 'journal.jsonl')
    const journalled = (): number => (existsSync(journal) ? readFileSync(journal, 'utf8').split('\n').filter(Boolean).length : 0)
    const configPath = writePicGoConfig(home, localSettings(server, { retries: 1 }))

    const child = spawn(process.execPath, [PICGO_BIN, '-c', configPath, 'aliyun-oss-plus', 'backup', folder, '--prefix', 'resume/', '--concurrency', '2'], {
      cwd: home,
      stdio: 'ignore'
    })
    const closed = new Promise((resolve) => child.once('close', resolve))
    while (journalled() < 5) await new Promise((resolve) => setTimeout(resolve, 20))
    child.kill('SIGKILL')
    await closed

    const done = journalled()
    expect(done).toBeLessThan(keys.length)
    for (const path of filesUnder(folder)) expect(readFileSync(join(folder, path)).equals(bodyOf(path, 300_000))).toBe(true)

    server.clearFaults()
    server.clearLog()
    const result = await backup(folder, ['--prefix', 'resume/'])
    expect(result.code).toBe(0)
    expect(objectGets()).toHaveLength(keys.length - done)
    expect(filesUnder(folder)).toEqual(keys)
    for (const key of keys) expect(readFileSync(join(folder, key)).equals(bodyOf(key, 300_000))).toBe(true)
    expect(existsSync(journal)).toBe(false)
  }, 60_000)
})

test('Ctrl-C (SIGINT) stops a run with exit code 130 and says how to continue; the next run finishes it', async () => {
  const keys = Array.from({ length: 20 }, (_, i) => `sigint/${String(i).padStart(2, '0')}.png`)
  for (const key of keys) server.putObject(BUCKET, key, bodyOf(key, 10_000))
  server.injectFaults({ kind: 'delay', delayMs: 100, methods: ['GET'] })
  const folder = tempDir('backup-sigint-')
  const journal = join(folder, '.aliyun-oss-plus-backup', 'journal.jsonl')
  const configPath = writePicGoConfig(home, localSettings(server, { retries: 1 }))

  const child = spawn(process.execPath, [PICGO_BIN, '-c', configPath, 'aliyun-oss-plus', 'backup', folder, '--prefix', 'sigint/', '--concurrency', '1'], {
    cwd: home,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
  })
  const closed = new Promise<number | null>((resolve) => child.once('close', resolve))
  while (!existsSync(journal) || readFileSync(journal, 'utf8').split('\n').filter(Boolean).length < 2) await new Promise((resolve) => setTimeout(resolve, 20))
  child.kill('SIGINT')

  expect(await closed).toBe(130)
  expect(stdout).toContain(
    'interrupted. Every file downloaded so far is verified and recorded, and no partial file is left under its name: run the same command again to continue'
  )
  server.clearFaults()
  const result = await backup(folder, ['--prefix', 'sigint/'])
  expect(result.code).toBe(0)
  expect(filesUnder(folder)).toEqual(keys)
}, 60_000)

describe('memory', () => {
  // VmHWM in /proc/self/status: the peak resident set of this process image, read as the CLI exits. getrusage's
  // maxRSS is only the fallback where there is no /proc: on Linux it keeps the high-water mark of the forked copy
  // of the parent (this test process), which hid the CLI's own peak.
  const PEAK_RSS_HOOK = [
    "const { readFileSync } = require('fs')",
    'function peakKb() {',
    "  try { return Number(/VmHWM:\\s+(\\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) } catch { return process.resourceUsage().maxRSS }",
    '}',
    "process.on('exit', () => process.stderr.write('peak-rss-kb ' + peakKb() + '\\n'))"
  ].join('\n')

  async function peakRssMb(folder: string, flags: string[]): Promise<{ mb: number; result: CliResult }> {
    const hook = join(home, 'peak-rss-hook.js')
    writeFileSync(hook, PEAK_RSS_HOOK)
    const configPath = writePicGoConfig(home, localSettings(server, { retries: 1 }))
    const result = await runProcess(process.execPath, ['--require', hook, PICGO_BIN, '-c', configPath, 'aliyun-oss-plus', 'backup', folder, ...flags], home, {
      ...process.env,
      FORCE_COLOR: '0'
    })
    const kb = Number(/peak-rss-kb (\d+)/.exec(result.stderr)?.[1])
    return { mb: kb / 1024, result }
  }

  test('a 50 MB object streams to disk: peak RSS stays near that of a run that downloads nothing', async () => {
    const big = Buffer.alloc(50 * 1024 * 1024)
    for (let offset = 0; offset < big.length; offset += 4096) big.writeUInt32LE(offset, offset)
    server.putObject(BUCKET, 'big/50mb.bin', big)
    const folder = tempDir('backup-big-')

    const baseline = await peakRssMb(folder, ['--prefix', 'big/', '--dry-run'])
    const measured = await peakRssMb(folder, ['--prefix', 'big/'])

    expect(measured.result.code).toBe(0)
    expect(readFileSync(join(folder, 'big/50mb.bin')).equals(big)).toBe(true)
    const growth = measured.mb - baseline.mb
    console.log(
      `peak RSS of \`picgo aliyun-oss-plus backup\`: ${baseline.mb.toFixed(1)} MB listing only, ${measured.mb.toFixed(1)} MB with a 50 MB object (+${growth.toFixed(1)} MB)`
    )
    // Measured here: streaming +37-38 MB, for a 200 MB object too (64 KB chunks that wait for a collection: V8
    // collects once they add up to tens of MB, whatever the object's size); holding the object, +118 MB.
    expect(growth).toBeLessThan(60)
  }, 120_000)
})
