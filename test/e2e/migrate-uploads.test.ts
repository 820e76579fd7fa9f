// What migrate stores, through the real picgo CLI (the plugin linked from dist/: `npm run build` first): the key
// `picgo upload` of the same file gives, the key the dry run named, and with --originals the pixels as they were.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { linkPlugin, runPicGo, writePicGoConfig, type CliResult } from '../../tools/picgo-home'
import sharp from 'sharp'
import { pngChunkTypes, pngWithMetadata, screenshotPng } from '../fixtures/images'
import { keyOfUrl, localSettings, tempDir } from '../helpers/picgo'
import { useOssServer } from '../helpers/oss-server'

const server = useOssServer()
beforeEach(() => server.clearLog())

/** A PicGo home with these settings, and the CLI's upload and migrate in it. */
function picgoWith(settings: Record<string, unknown>): { upload: (file: string) => Promise<CliResult>; migrate: (args: string[]) => Promise<CliResult> } {
  const home = tempDir('picgo-migrate-keys-')
  linkPlugin(home)
  const config = writePicGoConfig(home, localSettings(server, { retries: 0, ...settings }))
  return {
    upload: (file) => runPicGo(['-c', config, 'upload', file], home),
    migrate: (args) => runPicGo(['-c', config, 'aliyun-oss-plus', 'migrate', ...args], home)
  }
}

function writeFiles(folder: string, files: Record<string, Buffer | string>): void {
  for (const [path, bytes] of Object.entries(files)) {
    mkdirSync(join(folder, path, '..'), { recursive: true })
    writeFileSync(join(folder, path), bytes)
  }
}

const uploadedKey = (result: CliResult): string => keyOfUrl(result.stdout.trim().split('\n').pop() as string)
const keysIn = (text: string): string[] => [...text.matchAll(/\((http:[^)\s]+)\)/g)].map((match) => keyOfUrl(match[1] as string))

test('{localFolder:N}: migrate stores an image under the key `picgo upload` gives the same file, and a copy in another folder apart', async () => {
  const picgo = picgoWith({ path: 'by-folder/{localFolder:2}/', fileName: 'shot.{ext}', compress: false })
  const vault = tempDir('migrate-folders-')
  const png = await screenshotPng({ width: 30, height: 20 })
  writeFiles(vault, { '2024/May/shot.png': png, 'Other/June/shot.png': png, 'note.md': '![a](2024/May/shot.png)\n![b](Other/June/shot.png)\n' })
  const uploaded = await picgo.upload(join(vault, '2024', 'May', 'shot.png'))
  expect(uploadedKey(uploaded)).toBe('by-folder/2024/May/shot.png')
  server.clearLog()

  const dry = await picgo.migrate([vault, '--dry-run'])
  expect(dry.stdout).toMatch(/note\.md:1: 2024\/May\/shot\.png → known: \S+\/by-folder\/2024\/May\/shot\.png/)
  expect(dry.stdout).toContain('note.md:2: Other/June/shot.png → would upload (as by-folder/Other/June/shot.png)')
  const run = await picgo.migrate([vault])

  expect(run.code).toBe(0)
  expect(keysIn(readFileSync(join(vault, 'note.migrated.md'), 'utf8'))).toEqual(['by-folder/2024/May/shot.png', 'by-folder/Other/June/shot.png'])
  expect(server.requests.filter((r) => r.method === 'PUT').map((r) => r.key)).toEqual(['by-folder/Other/June/shot.png'])
  server.clearLog()
  expect(uploadedKey(await picgo.upload(join(vault, 'Other', 'June', 'shot.png')))).toBe('by-folder/Other/June/shot.png')
  expect(server.requests.filter((r) => r.method === 'PUT')).toEqual([])
}, 60_000)

test('the dry run names the "-N" key the real run takes: when the base key holds other bytes in the bucket, or another image of the run claims it', async () => {
  const picgo = picgoWith({ path: 'named/', fileName: '{name}.{ext}', compress: false })
  const elsewhere = tempDir('migrate-named-other-')
  writeFiles(elsewhere, { 'shot.png': await screenshotPng({ width: 11, height: 11 }) })
  expect(uploadedKey(await picgo.upload(join(elsewhere, 'shot.png')))).toBe('named/shot.png')
  const vault = tempDir('migrate-named-')
  writeFiles(vault, {
    'a/shot.png': await screenshotPng({ width: 12, height: 12 }),
    'b/pic.png': await screenshotPng({ width: 13, height: 13 }),
    'c/pic.png': await screenshotPng({ width: 14, height: 14 }),
    'note.md': '![a](a/shot.png) ![b](b/pic.png) ![c](c/pic.png)\n'
  })
  server.clearLog()

  const dry = await picgo.migrate([vault, '--dry-run'])
  expect(server.requests.every((r) => r.method === 'HEAD')).toBe(true)
  expect(dry.stdout).toContain('note.md:1: a/shot.png → would upload (as named/shot-1.png)')
  expect(dry.stdout).toContain('note.md:1: b/pic.png → would upload (as named/pic.png)')
  expect(dry.stdout).toContain('note.md:1: c/pic.png → would upload (as named/pic-1.png)')
  const run = await picgo.migrate([vault])

  expect(run.code).toBe(0)
  expect(keysIn(readFileSync(join(vault, 'note.migrated.md'), 'utf8'))).toEqual(['named/shot-1.png', 'named/pic.png', 'named/pic-1.png'])
}, 60_000)

test('the dry run names the keys the real run takes when an earlier image of the run claims the key a known image holds', async () => {
  const picgo = picgoWith({ path: 'claimed/', fileName: '{name}.{ext}', compress: false })
  const known = await screenshotPng({ width: 15, height: 15 })
  const elsewhere = tempDir('migrate-claimed-known-')
  writeFiles(elsewhere, { 'pic.png': known })
  expect(uploadedKey(await picgo.upload(join(elsewhere, 'pic.png')))).toBe('claimed/pic.png')
  const vault = tempDir('migrate-claimed-')
  writeFiles(vault, { 'a/pic.png': await screenshotPng({ width: 16, height: 16 }), 'b/pic.png': known, 'note.md': '![a](a/pic.png) ![b](b/pic.png)\n' })
  // b's known-image HEAD is the first request for its key, made at once: slowed, a's "-N" walk surely goes first.
  const slowKnownHead = { kind: 'delay' as const, delayMs: 1500, methods: ['HEAD'], key: 'claimed/pic.png', count: 1 }

  server.injectFaults(slowKnownHead)
  const dry = await picgo.migrate([vault, '--dry-run'])
  server.injectFaults(slowKnownHead)
  const run = await picgo.migrate([vault])

  expect(run.code).toBe(0)
  const keys = keysIn(readFileSync(join(vault, 'note.migrated.md'), 'utf8'))
  expect(keys).toEqual(['claimed/pic-1.png', 'claimed/pic-2.png'])
  expect(dry.stdout).toContain(`note.md:1: a/pic.png → would upload (as ${keys[0]})`)
  expect(dry.stdout).toContain(`note.md:1: b/pic.png → would upload (as ${keys[1]})`)
}, 60_000)

test('--originals uploads the pixels as they are, only the metadata stripped; without it the same picture is compressed', async () => {
  const picgo = picgoWith({})
  const png = await pngWithMetadata()
  const vault = tempDir('migrate-originals-')
  writeFiles(vault, { 'qr.png': png, 'note.md': '![hidden data](qr.png)\n' })
  const rawOf = async (bytes: Buffer): Promise<Buffer> => sharp(bytes).ensureAlpha().raw().toBuffer()

  const kept = await picgo.migrate([vault, '--originals', '--out', join(vault, 'kept')])
  const squeezed = await picgo.migrate([vault, '--out', join(vault, 'squeezed')])

  expect([kept.code, squeezed.code]).toEqual([0, 0])
  const stored = (folder: string): Buffer => {
    const key = keysIn(readFileSync(join(vault, folder, 'note.md'), 'utf8'))[0] as string
    return server.getObject('test-bucket', key)?.body as Buffer
  }
  expect((await rawOf(stored('kept'))).equals(await rawOf(png))).toBe(true)
  expect(pngChunkTypes(png)).toEqual(expect.arrayContaining(['eXIf', 'tEXt']))
  expect(pngChunkTypes(stored('kept')).filter((type) => ['eXIf', 'tEXt', 'iTXt', 'zTXt'].includes(type))).toEqual([])
  expect((await rawOf(stored('squeezed'))).equals(await rawOf(png))).toBe(false)
}, 60_000)
