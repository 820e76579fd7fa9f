// Issue 24: migrate writes only what the user asked, never through a symbolic link or over a file it did not make,
// and bounds its work per input; through the real picgo CLI (dist/), real ali-oss, the local OSS server and real
// sharp. Every file a test makes is under its own temporary folder.
import { execFileSync } from 'node:child_process'
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, statSync, chmodSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { linkPlugin, REPO_ROOT, runPicGo, writePicGoConfig, type CliResult } from '../../tools/picgo-home'
import { screenshotPng } from '../fixtures/images'
import { localSettings, tempDir } from '../helpers/picgo'
import { useOssServer } from '../helpers/oss-server'

const server = useOssServer()
let home: string
let png: Buffer

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'dist', 'commands', 'local-paths', 'inside.js'))) throw new Error('dist/ is missing or stale: run `npm run build` first')
  png = await screenshotPng({ width: 40, height: 30 })
  home = tempDir('picgo-migrate-paths-home-')
  linkPlugin(home)
  writePicGoConfig(home, localSettings(server, { retries: 0 }))
})
beforeEach(() => server.clearLog())

const migrate = (args: string[]): Promise<CliResult> => runPicGo(['-c', join(home, 'config.json'), 'aliyun-oss-plus', 'migrate', ...args], home)
const NOTE = '# note\n\n![shot](shot.png)\n'
const puts = (): number => server.requests.filter((r) => r.method === 'PUT' || r.method === 'POST').length

/** A vault folder holding note.md and its image, with an "outside" folder beside it. */
function vault(name: string): { notes: string; outside: string } {
  const root = tempDir(`migrate-paths-${name}-`)
  const notes = join(root, 'notes')
  mkdirSync(notes)
  mkdirSync(join(root, 'outside'))
  writeFileSync(join(notes, 'note.md'), NOTE)
  writeFileSync(join(notes, 'shot.png'), png)
  return { notes, outside: join(root, 'outside') }
}

describe('--in-place', () => {
  test('a <note>.md.bak symlink is not written through, an existing .bak is kept: the copy gets the next free name', async () => {
    const { notes, outside } = vault('bak-link')
    writeFileSync(join(outside, 'target.txt'), 'not yours')
    symlinkSync(join(outside, 'target.txt'), join(notes, 'note.md.bak'))
    writeFileSync(join(notes, 'other.md'), NOTE)
    writeFileSync(join(notes, 'other.md.bak'), 'an older backup')

    const result = await migrate([notes, '--in-place'])

    expect(result.code).toBe(0)
    expect(readFileSync(join(outside, 'target.txt'), 'utf8')).toBe('not yours')
    expect(lstatSync(join(notes, 'note.md.bak')).isSymbolicLink()).toBe(true)
    expect(readFileSync(join(notes, 'note.md.2.bak'), 'utf8')).toBe(NOTE)
    expect(readFileSync(join(notes, 'other.md.bak'), 'utf8')).toBe('an older backup')
    expect(readFileSync(join(notes, 'other.md.2.bak'), 'utf8')).toBe(NOTE)
    expect(readFileSync(join(notes, 'note.md'), 'utf8')).toMatch(/!\[shot\]\(http:\/\/127\.0\.0\.1:\d+\/test-bucket\//)
  })

  test('a symlinked note is migrated where it really is; the link stays a link; a 664 note stays 664', async () => {
    const { notes, outside } = vault('note-link')
    const real = join(outside, 'real.md')
    writeFileSync(real, '![shot](../notes/shot.png)\n')
    symlinkSync(real, join(notes, 'linked.md'))
    chmodSync(join(notes, 'note.md'), 0o664)

    const result = await migrate([join(notes, 'linked.md'), join(notes, 'note.md'), '--in-place', '--no-backup'])

    expect(result.code).toBe(0)
    expect(lstatSync(join(notes, 'linked.md')).isSymbolicLink()).toBe(true)
    expect(readFileSync(real, 'utf8')).toMatch(/^!\[shot\]\(http:/)
    expect(statSync(join(notes, 'note.md')).mode & 0o777).toBe(0o664)
  })
})

describe('--out refuses, before anything is written, outputs that overwrite each other or the notes', () => {
  test('two notes of the same name from two folders', async () => {
    const one = vault('out-a')
    const two = vault('out-b')
    const out = join(tempDir('migrate-paths-out-'), 'out')

    const result = await migrate([one.notes, two.notes, '--out', out])

    expect(result.code).toBe(1)
    expect(result.stdout + result.stderr).toMatch(/notes\/note\.md and .*notes\/note\.md would both be written to .*out\/note\.md/)
    expect(existsSync(out)).toBe(false)
    expect(puts()).toBe(0)
  })

  test("--out naming the notes' own folder", async () => {
    const { notes } = vault('out-same')

    const result = await migrate([notes, '--out', notes])

    expect(result.code).toBe(1)
    expect(result.stdout + result.stderr).toMatch(/--out would write .*note\.md over the note .*note\.md itself/)
    expect(readFileSync(join(notes, 'note.md'), 'utf8')).toBe(NOTE)
    expect(readdirSync(notes).sort()).toEqual(['note.md', 'shot.png'])
  })
})

describe('bounded work per input', () => {
  test('a FIFO named *.md is refused without being opened; a huge file named .png is refused from its size', async () => {
    const { notes } = vault('special')
    execFileSync('mkfifo', [join(notes, 'pipe.md')])
    writeFileSync(join(notes, 'big.md'), '![big](big.png)\n')
    writeFileSync(join(notes, 'big.png'), '')
    truncateSync(join(notes, 'big.png'), 300 * 1024 * 1024)

    const result = await migrate([join(notes, 'pipe.md'), join(notes, 'big.md'), '--dry-run'])

    expect(result.stdout + result.stderr).toContain('pipe.md: not a regular file (a FIFO, a device or a socket): not read')
    expect(result.stdout).toMatch(/big\.png is 300 MB, larger than the "maxInputMB" setting \(100 MB\): not read/)
  })

  test('a note of 40,000 nested block quotes or 40,000 "![" is skipped with the reason, not parsed for seconds', async () => {
    const { notes } = vault('hostile')
    writeFileSync(join(notes, 'quotes.md'), `${'>'.repeat(40_000)} deep\n![shot](shot.png)\n`)
    writeFileSync(join(notes, 'opens.md'), `${'!['.repeat(40_000)}\n![shot](shot.png)\n`)

    const result = await migrate([join(notes, 'quotes.md'), join(notes, 'opens.md'), '--dry-run'])

    expect(result.stdout + result.stderr).toMatch(/quotes\.md: block quotes nested more than 100 deep: not parsed/)
    expect(result.stdout + result.stderr).toMatch(/opens\.md: more than 1000 "!\[" without a closing "\]": not parsed/)
  })
})
