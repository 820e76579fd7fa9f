// `picgo aliyun-oss-plus migrate` through the real picgo CLI (the plugin linked from this working tree's dist/, so
// `npm run build` first), the real ali-oss, the local OSS server, and a local "other image host".
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { linkPlugin, REPO_ROOT, runPicGo, writePicGoConfig, type CliResult } from '../../tools/picgo-home'
import {
  expectedNote,
  expectedNotes,
  filesUnder,
  remoteImage,
  startImageHost,
  vaultImages,
  VAULT_SOURCE,
  writeVault,
  type Placeholders,
  type VaultImages
} from '../fixtures/migrate/vault'
import { photoJpeg, screenshotPng } from '../fixtures/images'
import { createPicGo, localSettings, TEST_AK, tempDir } from '../helpers/picgo'
import { useOssServer } from '../helpers/oss-server'

const server = useOssServer()
let host: Awaited<ReturnType<typeof startImageHost>>
let home: string
let images: VaultImages
let remote: Buffer
let placeholders: Placeholders

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'dist', 'commands', 'migrate', 'command.js'))) throw new Error('dist/ is missing or stale: run `npm run build` first')
  remote = await remoteImage()
  host = await startImageHost({ '/pictures/remote.png': remote, '/excluded/other.png': remote })
  images = await vaultImages()
  placeholders = { REMOTE: host.url, OSS: `${server.url}/test-bucket` }
  home = tempDir('picgo-migrate-home-')
  linkPlugin(home)
  writePicGoConfig(home, localSettings(server, { retries: 0 }))
})
afterAll(async () => {
  await host.close()
})
beforeEach(() => {
  server.clearLog()
  host.hits.length = 0
})

/** The flags every run here takes: remote images included, the "excluded/" folder of the other host left alone. */
const REMOTE_FLAGS = (): string[] => ['--include-remote', '--exclude', `${host.url}/excluded/`]

function migrate(args: string[]): Promise<CliResult> {
  return runPicGo(['-c', join(home, 'config.json'), 'aliyun-oss-plus', 'migrate', ...args], home)
}

function newVault(): string {
  const folder = join(tempDir('migrate-vault-'), 'notes')
  writeVault(folder, images, placeholders)
  return folder
}

const snapshot = (folder: string): Record<string, string> =>
  Object.fromEntries(filesUnder(folder).map((file) => [file, `${statSync(join(folder, file)).mtimeMs}:${readFileSync(join(folder, file)).toString('base64')}`]))
const puts = (): typeof server.requests => server.requests.filter((r) => r.method === 'PUT' || r.method === 'POST')

/**
 * The URL each image of the vault has on OSS, found independently of migrate: the same file uploaded through the
 * PicGo API (dedupe answers with the stored object's URL) — after the run, so that it cannot help the run.
 */
async function urlsOf(vault: string): Promise<Record<string, string>> {
  const picgo = createPicGo(localSettings(server))
  try {
    const remoteFile = join(picgo.dir, 'remote.png')
    writeFileSync(remoteFile, remote)
    const files = ['assets/photo.jpg', 'assets/my pic.png', 'assets/中文 图片.png', 'shared/logo.png']
    const output = await picgo.picgo.upload([...files.map((file) => join(vault, file)), remoteFile])
    const urls = (output as Array<{ imgUrl?: string }>).map((item) => item.imgUrl ?? '')
    return Object.fromEntries([...files, 'remote'].map((name, index) => [name, urls[index] as string]))
  } finally {
    await picgo.cleanup()
  }
}

describe('the fixture vault', () => {
  test('--dry-run lists every link with what would happen, sends nothing but HEADs, and writes nothing', async () => {
    const vault = newVault()
    const before = snapshot(vault)

    const result = await migrate([vault, '--dry-run', ...REMOTE_FLAGS()])

    expect(server.requests.length).toBeGreaterThan(0)
    expect(server.requests.every((r) => r.method === 'HEAD')).toBe(true)
    expect(snapshot(vault)).toEqual(before)
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(
      /dry run over 9 notes: 8 would be rewritten, 1 left as they were \(every image failed\); 8 images \(5 distinct\): 5 would be uploaded, 0 already stored, 2 failed; 3 links failed, 2 skipped; nothing sent but HEAD requests/
    )
    expect(result.stdout).toMatch(/basic\.md:3: assets\/photo\.jpg → would upload \(as img\/[0-9a-f]+\.jpg\)/)
    expect(result.stdout).toMatch(/remote\.md:5: \S+\/img\/already\.png → skipped: already on OSS/)
    expect(result.stdout).toMatch(/remote\.md:4: \S+\/excluded\/other\.png → skipped: excluded by --exclude/)
    expect(result.stdout).toContain('broken.md:3: assets/does-not-exist.png → failed: file not found')
    expect(result.stdout).toContain('broken.md:4: assets/fake.png → failed: not an image')
    expect(host.hits.filter((hit) => hit === '/pictures/remote.png')).toHaveLength(1)
  }, 60_000)

  test('a run uploads each distinct image once and writes <name>.migrated.md files equal to the golden ones, byte for byte', async () => {
    const vault = newVault()
    const originals = Object.fromEntries(filesUnder(vault).map((file) => [file, readFileSync(join(vault, file))]))

    const result = await migrate([vault, ...REMOTE_FLAGS()])
    expect(result.code).toBe(1)
    // photo.jpg (and its copy), my pic.png, 中文 图片.png, logo.png, and the remote picture: five contents, five PUTs.
    expect(puts()).toHaveLength(5)
    expect(host.hits.filter((hit) => hit === '/pictures/remote.png')).toHaveLength(1)
    expect(host.hits).not.toContain('/excluded/other.png')
    const urls = await urlsOf(vault)
    for (const note of expectedNotes()) {
      const migrated = note.replace(/\.md$/, '.migrated.md')
      expect([migrated, readFileSync(join(vault, migrated)).toString('utf8')]).toEqual([
        migrated,
        expectedNote(note, vault, placeholders, urls).toString('utf8')
      ])
      expect(readFileSync(join(vault, migrated)).equals(expectedNote(note, vault, placeholders, urls))).toBe(true)
    }
    // The notes themselves are untouched; the one whose every image failed gets no output.
    for (const [file, bytes] of Object.entries(originals)) expect(readFileSync(join(vault, file)).equals(bytes)).toBe(true)
    expect(existsSync(join(vault, 'broken.migrated.md'))).toBe(false)
    expect(result.stdout).toMatch(/failed: \S*\/broken\.md:3: assets\/does-not-exist\.png: file not found: .*assets\/does-not-exist\.png/)
    expect(result.stdout).toMatch(/failed: \S*\/broken\.md:4: assets\/fake\.png: not an image/)
    expect(result.stdout).toMatch(
      /failed: \S*\/remote\.md:6: http:\/\/127\.0\.0\.1:\d+\/pictures\/404\.png: http:\/\/127\.0\.0\.1:\d+\/pictures\/404\.png: HTTP 404/
    )
    expect(result.stdout).not.toContain('never scanned')
    expect(result.stdout).toContain('[aliyun-oss-plus] migrate: 8 of 8 images (100 %)')

    // Again over the same notes: every image is known (one HEAD each, no PUT) and the outputs already hold these bytes.
    server.clearLog()
    const before = snapshot(vault)
    const dry = await migrate([vault, '--dry-run', ...REMOTE_FLAGS()])
    expect(dry.stdout).toMatch(/8 images \(5 distinct\): 0 would be uploaded, 5 already stored, 2 failed/)
    expect(dry.stdout).toMatch(/basic\.md:3: assets\/photo\.jpg → known: http:\/\/127\.0\.0\.1:\d+\/test-bucket\/img\/[0-9a-f]+\.jpg/)
    const again = await migrate([vault, ...REMOTE_FLAGS()])
    expect(again.stdout).toMatch(/migrated 9 notes: 0 rewritten, 1 left as they were/)
    expect(server.requests.filter((r) => r.method !== 'HEAD')).toEqual([])
    expect(snapshot(vault)).toEqual(before)
  }, 90_000)

  test('--in-place rewrites the notes, keeps <name>.md.bak, and a second run sends no PUT and changes no byte', async () => {
    const vault = newVault()
    const originals = Object.fromEntries(filesUnder(vault).map((file) => [file, readFileSync(join(vault, file))]))

    const first = await migrate([vault, '--in-place', ...REMOTE_FLAGS()])
    expect(first.code).toBe(1)
    const urls = await urlsOf(vault)
    for (const note of expectedNotes()) {
      expect(readFileSync(join(vault, note)).equals(expectedNote(note, vault, placeholders, urls))).toBe(true)
      expect(readFileSync(join(vault, `${note}.bak`)).equals(originals[note] as Buffer)).toBe(true)
    }
    expect(existsSync(join(vault, 'broken.md.bak'))).toBe(false)
    expect(filesUnder(vault).some((file) => file.endsWith('.tmp'))).toBe(false)

    server.clearLog()
    const before = snapshot(vault)
    const second = await migrate([vault, '--in-place', ...REMOTE_FLAGS()])
    expect(puts()).toEqual([])
    expect(snapshot(vault)).toEqual(before)
    // Only the links that failed the first time are left to do, and they fail the same way.
    expect(second.stdout).toMatch(
      /migrated 9 notes: 0 rewritten, 2 left as they were \(every image failed\); 2 images \(0 distinct, 0 B read\): 0 on OSS, 2 failed; 3 links failed/
    )
  }, 90_000)

  test('--out writes the rewritten notes under another folder in the same layout; --no-backup keeps no .bak', async () => {
    const vault = newVault()
    const out = join(tempDir('migrate-out-'), 'out')
    const result = await migrate([vault, '--out', out, ...REMOTE_FLAGS()])
    expect(result.code).toBe(1)
    expect(filesUnder(out)).toEqual(expectedNotes())

    const single = newVault()
    const clean = await migrate([join(single, 'sub', 'deeper.md'), '--in-place', '--no-backup'])
    expect(clean.code).toBe(0)
    expect(existsSync(join(single, 'sub', 'deeper.md.bak'))).toBe(false)
    expect(readFileSync(join(single, 'sub', 'deeper.md'), 'utf8')).not.toContain('../assets/photo.jpg')
  }, 90_000)
})

test('bad flags get one sentence naming the flag and the value', async () => {
  const result = await migrate([VAULT_SOURCE, '--concurrency', '0'])
  expect(result.code).toBe(1)
  expect(result.stdout + result.stderr).toContain('Expected an integer between 1 and 32 for "--concurrency" but received "0"')
  const both = await migrate([VAULT_SOURCE, '--in-place', '--out', 'x'])
  expect(both.stdout + both.stderr).toContain('Expected no folder together with --in-place for "--out" but received "x"')
})

test('an OSS error is named with file:line, the OSS code and the request id; the note stays as it was; no secret is printed', async () => {
  const vault = newVault()
  // Pictures of its own: the vault's are in the bucket already after the tests above, and would need no PUT.
  writeFileSync(join(vault, 'assets', 'photo.jpg'), await photoJpeg({ width: 64, height: 48, seed: 99 }))
  writeFileSync(join(vault, 'shared', 'logo.png'), await screenshotPng({ width: 50, height: 40 }))
  server.injectFaults({ kind: 'status', status: 403, code: 'AccessDenied', methods: ['PUT'] })
  try {
    const result = await migrate([join(vault, 'sub', 'deeper.md')])
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(
      /failed: \S*deeper\.md:3: \.\.\/assets\/photo\.jpg: \[PUT\] img\/[0-9a-f]+\.jpg \(photo\.jpg\): 403 AccessDenied \(request id [0-9A-F]{24}\)/
    )
    expect(result.stdout).toMatch(/failed: \S*deeper\.md:3: \.\.\/shared\/logo\.png: .*403 AccessDenied \(request id [0-9A-F]{24}\)/)
    expect(result.stdout).toMatch(/0 rewritten, 1 left as they were \(every image failed\)/)
    expect(existsSync(join(vault, 'sub', 'deeper.migrated.md'))).toBe(false)
    expect(result.stdout + result.stderr).not.toContain(TEST_AK.accessKeySecret)
  } finally {
    server.clearFaults()
  }
})

test("a remote image's user, password and query values are not printed in its failure lines (issue 23 item 5)", async () => {
  const notes = join(tempDir('migrate-credentials-'), 'notes')
  const withCredentials = host.url.replace('http://', 'http://reader:pw-9f3kx@')
  mkdirSync(notes, { recursive: true })
  writeFileSync(join(notes, 'private.md'), `# Private\n\n![a](${withCredentials}/pictures/404.png?token=tok-7q2zv&w=1)\n`)
  const result = await migrate([notes, '--include-remote'])
  expect(result.code).toBe(1)
  const printed = result.stdout + result.stderr
  expect(printed).toMatch(/private\.md:3: http:\/\/\*\*\*@127\.0\.0\.1:\d+\/pictures\/404\.png\?token=\*\*\*&w=\*\*\*: .*HTTP 404/)
  expect(printed).not.toContain('pw-9f3kx')
  expect(printed).not.toContain('reader')
  expect(printed).not.toContain('tok-7q2zv')
})
