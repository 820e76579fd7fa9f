// Known images: the next `picgo upload` of an image this PicGo folder already uploaded skips the
// compression (its key depends on the compressed bytes) and costs one HEAD, through the real PicGo.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { photoJpeg } from '../fixtures/images'
import { createPicGo, keyOfUrl, localSettings, tempDir, type TestPicGo } from '../helpers/picgo'
import { KNOWN_IMAGES_FILE } from '../../src/uploader/known-images'
import { useOssServer } from '../helpers/oss-server'
import { uploadFiles } from '../helpers/upload'

const server = useOssServer()
let dir: string
const sessions: TestPicGo[] = []

beforeEach(() => {
  dir = tempDir()
})
afterAll(async () => {
  await Promise.all(sessions.map((session) => session.cleanup()))
})

let seed = 0
/** A photo-like JPEG at quality 95: compression always changes its bytes. */
async function photoFile(): Promise<string> {
  seed += 1
  const path = join(dir, `photo-${seed}.jpg`)
  writeFileSync(path, await photoJpeg({ width: 320, height: 240, quality: 95, seed }))
  return path
}

/** One `picgo upload` in the shared folder, as the user's next paste in Typora would run it. */
async function uploadFrom(files: string | string[], settings: Record<string, unknown> = {}): Promise<{ url: string; urls: string[]; logs: string }> {
  const session = createPicGo(localSettings(server, settings), { dir })
  sessions.push(session)
  server.clearLog()
  const { urls, error, logs } = await uploadFiles(session, typeof files === 'string' ? [files] : files)
  if (error) throw error
  return { url: urls[0] as string, urls, logs: logs.join('\n') }
}

const methods = (): string[] => server.requests.map((r) => r.method)

test('the next upload of a known image is one HEAD, without compressing it again, and gives the same URL', async () => {
  const file = await photoFile()
  const first = await uploadFrom(file)
  expect(methods()).toEqual(['PUT'])
  expect(first.logs).toMatch(/compressed/)
  expect(existsSync(join(dir, KNOWN_IMAGES_FILE))).toBe(true)

  const second = await uploadFrom(file)

  expect(second.url).toBe(first.url)
  expect(methods()).toEqual(['HEAD'])
  expect(second.logs).toMatch(/a known image: not compressed again/)
  expect(second.logs).not.toMatch(/compressed \d/)
})

test('a known image three times in one upload costs one HEAD, and each copy gets the URL', async () => {
  const file = await photoFile()
  const first = await uploadFrom(file)
  const again = await uploadFrom([file, file, file])
  expect(again.urls).toEqual([first.url, first.url, first.url])
  expect(methods()).toEqual(['HEAD'])
})

test('a hint is checked: an object replaced by other bytes is not trusted, and is not overwritten', async () => {
  const file = await photoFile()
  const first = await uploadFrom(file)
  const key = keyOfUrl(first.url)
  const stored = server.getObject('test-bucket', key)?.body as Buffer
  server.putObject('test-bucket', key, Buffer.from('someone else put other bytes here'))

  const second = await uploadFrom(file)

  expect(second.logs).not.toMatch(/known image/)
  expect(keyOfUrl(second.url)).toBe(key.replace(/\.jpg$/, '-1.jpg'))
  expect(server.getObject('test-bucket', keyOfUrl(second.url))?.body.equals(stored)).toBe(true)
  expect(server.getObject('test-bucket', key)?.body.toString()).toBe('someone else put other bytes here')
})

test('other compression settings make another image: it is compressed again, not taken from the hint', async () => {
  const file = await photoFile()
  const first = await uploadFrom(file, { quality: 80 })

  const second = await uploadFrom(file, { quality: 50 })

  expect(second.logs).not.toMatch(/known image/)
  expect(second.url).not.toBe(first.url)
  expect(methods()).toEqual(['PUT'])
})

test('a corrupt known-images file is ignored and replaced; the upload goes on', async () => {
  const knownFile = join(dir, KNOWN_IMAGES_FILE)
  writeFileSync(knownFile, '{"version": 1, "entries": {"x": {"key": 42}}')
  const file = await photoFile()

  const first = await uploadFrom(file)

  expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/test-bucket\/img\/[0-9a-f]{16}\.jpg$/)
  expect(Object.keys((JSON.parse(readFileSync(knownFile, 'utf8')) as { entries: object }).entries)).toHaveLength(1)
})

test('a key template with a date or uuid never uses hints: each upload is a new object by design', async () => {
  const file = await photoFile()
  await uploadFrom(file, { fileName: '{uuid}.{ext}' })

  expect(existsSync(join(dir, KNOWN_IMAGES_FILE))).toBe(false)
})
