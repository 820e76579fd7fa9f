// `migrate` over the notes of Typora and Obsidian users (test/fixtures/migrate/editors): the links their editors show
// and CommonMark does not, through the real picgo CLI (the plugin linked from dist/: `npm run build` first), the real
// ali-oss and the local OSS server.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { linkPlugin, REPO_ROOT, runPicGo, writePicGoConfig, type CliResult } from '../../tools/picgo-home'
import {
  EDITORS_EXPECTED,
  EDITORS_SOURCE,
  editorsImages,
  expectedNote,
  expectedNotes,
  filesUnder,
  startImageHost,
  writeVault,
  type Placeholders,
  type VaultImages
} from '../fixtures/migrate/vault'
import { screenshotPng } from '../fixtures/images'
import { createPicGo, localSettings, tempDir } from '../helpers/picgo'
import { useOssServer } from '../helpers/oss-server'

const server = useOssServer()
let host: Awaited<ReturnType<typeof startImageHost>>
let home: string
let images: VaultImages
let placeholders: Placeholders

/** The images the golden notes name, each uploaded once. */
const MIGRATED = [
  'assets/2024-02-15 17-14-41 的屏幕截图.png',
  'assets/cat one.png',
  'assets/shot (1).png',
  'assets/sub/deep.png',
  'attachments/pasted.png',
  'sub/image.png',
  'media/dup.png'
]

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'dist', 'commands', 'migrate', 'obsidian-embeds.js'))) throw new Error('dist/ is missing or stale: run `npm run build` first')
  host = await startImageHost({})
  images = await editorsImages()
  placeholders = { REMOTE: host.url, OSS: `${server.url}/test-bucket` }
  home = tempDir('picgo-migrate-editors-home-')
  linkPlugin(home)
  writePicGoConfig(home, localSettings(server, { retries: 0 }))
})
afterAll(async () => {
  await host.close()
})
beforeEach(() => server.clearLog())

function migrate(args: string[]): Promise<CliResult> {
  return runPicGo(['-c', join(home, 'config.json'), 'aliyun-oss-plus', 'migrate', ...args], home)
}

function newVault(): string {
  const folder = join(tempDir('migrate-editors-'), 'vault')
  writeVault(folder, images, placeholders, EDITORS_SOURCE)
  return folder
}

const snapshot = (folder: string): Record<string, string> =>
  Object.fromEntries(filesUnder(folder).map((file) => [file, `${statSync(join(folder, file)).mtimeMs}:${readFileSync(join(folder, file)).toString('base64')}`]))

/** Each image's URL on OSS, found apart from migrate: the same file uploaded through the PicGo API, after the run. */
async function urlsOf(vault: string): Promise<Record<string, string>> {
  const picgo = createPicGo(localSettings(server))
  try {
    const output = await picgo.picgo.upload(MIGRATED.map((file) => join(vault, file)))
    const urls = (output as Array<{ imgUrl?: string }>).map((item) => item.imgUrl ?? '')
    return Object.fromEntries(MIGRATED.map((name, index) => [name, urls[index] as string]))
  } finally {
    await picgo.cleanup()
  }
}

test('--in-place moves every image Typora and Obsidian show, changes no other byte, names every link it left; a second run does nothing', async () => {
  const vault = newVault()
  const originals = Object.fromEntries(filesUnder(vault).map((file) => [file, readFileSync(join(vault, file))]))

  const first = await migrate([vault, '--in-place'])

  expect(server.requests.filter((r) => r.method === 'PUT')).toHaveLength(MIGRATED.length)
  const urls = await urlsOf(vault)
  for (const note of expectedNotes(EDITORS_EXPECTED)) {
    const golden = expectedNote(note, vault, placeholders, urls, EDITORS_EXPECTED)
    expect([note, readFileSync(join(vault, note), 'utf8')]).toEqual([note, golden.toString('utf8')])
    expect(readFileSync(join(vault, note)).equals(golden)).toBe(true)
    expect(readFileSync(join(vault, `${note}.bak`)).equals(originals[note] as Buffer)).toBe(true)
  }
  expect(readFileSync(join(vault, '.trash', 'deleted.md')).equals(originals['.trash/deleted.md'] as Buffer)).toBe(true)
  const out = first.stdout
  expect(first.code).toBe(1)
  expect(out).toMatch(/failed: \S*typora\.md:9: assets\/not here\.png: file not found: \S*assets\/not here\.png/)
  expect(out).toMatch(/failed: \S*typora\.md:10: assets\/notes one\.txt: not an image/)
  expect(out).toMatch(/skipped: \S*typora\.md:11: http:\/\/127\.0\.0\.1:\d+\/pictures\/remote\.png: remote \(migrated only with --include-remote\)/)
  expect(out).toMatch(/skipped: \S*typora\.md:12: data:image\/png;base64,iVBORw0KGgoAAAANSU… \(\d+ B\): not a file \(data: link\)/)
  expect(out).toMatch(/failed: \S*obsidian\.md:8: nowhere\.png: file not found in the Obsidian vault/)
  expect(out).toMatch(/failed: \S*obsidian\.md:9: same\.png: more than one file in the vault has this name: x\/same\.png, y\/same\.png/)
  expect(out).toMatch(/skipped: \S*\.trash\/deleted\.md: in a hidden folder, not scanned/)
  expect(out).toMatch(/1 notes in hidden folders not scanned/)

  server.clearLog()
  const before = snapshot(vault)
  const second = await migrate([vault, '--in-place'])
  expect(server.requests.filter((r) => r.method !== 'HEAD')).toEqual([])
  expect(snapshot(vault)).toEqual(before)
  expect(second.stdout).toMatch(/0 rewritten/)
}, 90_000)

test('--dry-run predicts the keys of the lenient links and embeds, sends nothing but HEADs, and shows a data: URI shortened', async () => {
  const vault = newVault()
  // A picture of its own, which the bucket cannot hold yet whatever ran before.
  writeFileSync(join(vault, 'assets', 'cat one.png'), await screenshotPng({ width: 151, height: 91 }))
  const before = snapshot(vault)

  const result = await migrate([vault, '--dry-run'])

  expect(server.requests.length).toBeGreaterThan(0)
  expect(server.requests.every((r) => r.method === 'HEAD')).toBe(true)
  expect(snapshot(vault)).toEqual(before)
  const literal = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const wouldUpload = (where: string, target: string): RegExp =>
    new RegExp(`${literal(where)}: ${literal(target)} → would upload \\(as img/[0-9a-f]{16}\\.png\\)`)
  expect(result.stdout).toMatch(wouldUpload('typora.md:4', 'assets/cat one.png'))
  expect(result.stdout).toMatch(wouldUpload('typora.md:7', 'assets\\cat one.png'))
  expect(result.stdout).toMatch(wouldUpload('obsidian.md:7', 'cat one.png'))
  expect(result.stdout).toMatch(wouldUpload('windows.md:5', '..\\..\\assets\\cat one.png'))
  expect(result.stdout).toMatch(/typora\.md:12: data:image\/png;base64,iVBORw0KGgoAAAANSU… \(\d+ B\) → skipped: not a file \(data: link\)/)
  const longest = Math.max(...result.stdout.split('\n').map((line) => line.length))
  expect(longest).toBeLessThan(300)
}, 60_000)
