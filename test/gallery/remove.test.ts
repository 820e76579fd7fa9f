import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { IImgInfo, PicGo } from 'picgo'
import sharp from 'sharp'
import type { GalleryEntry, RemoveOutcome } from '../../src/gallery/remove'
import { createPicGo, localSettings, type TestPicGo } from '../helpers/picgo'
import { useOssServer } from '../helpers/oss-server'

const server = useOssServer()
let instance: TestPicGo | undefined
const instances: TestPicGo[] = []

// Cleaned up at the end: PicGo's logger still writes into its folder for a moment after each test.
afterAll(async () => {
  await Promise.all(instances.map((picgo) => picgo.cleanup()))
})

/** A stand-in for PicGo GUI's guiApi: the gallery as it is after the removal, and a notification log. */
function fakeGuiApi(remaining: GalleryEntry[]): {
  galleryDB: { get: () => Promise<{ total: number; data: GalleryEntry[] }> }
  showNotification: (n: { title: string; body: string }) => void
  shown: Array<{ title: string; body: string }>
} {
  const shown: Array<{ title: string; body: string }> = []
  return { galleryDB: { get: async () => ({ total: remaining.length, data: remaining }) }, showNotification: (n) => shown.push(n), shown }
}

/** What picgo.emit('remove', files, guiApi) does, but awaiting the listeners' promises. */
async function emitRemove(picgo: PicGo, files: GalleryEntry[], guiApi: unknown): Promise<RemoveOutcome[]> {
  return Promise.all(picgo.listeners('remove').map((listener) => (listener as (...a: unknown[]) => Promise<RemoveOutcome>)(files, guiApi)))
}

async function uploadImages(picgo: PicGo, dir: string, shades: number[]): Promise<IImgInfo[]> {
  const files = await Promise.all(
    shades.map(async (shade, index) => {
      const file = join(dir, `image-${index}-${shade}.png`)
      writeFileSync(
        file,
        await sharp({ create: { width: 16, height: 16, channels: 3, background: { r: shade, g: 90, b: 200 } } })
          .png()
          .toBuffer()
      )
      return file
    })
  )
  const output = await picgo.upload(files)
  if (output instanceof Error) throw output
  return output
}

const gallery = (items: IImgInfo[], firstId: number): GalleryEntry[] => items.map((item, i) => ({ ...item, id: `id-${firstId + i}` }))
const keyOf = (entry: GalleryEntry): string => entry.ossKey as string
let nextShade = 0 // new pixels per test, so one test's images never dedupe onto another's
const deleteRequests = (): number => server.requests.filter((r) => r.method === 'POST' && r.query.includes('delete')).length

async function uploadedGallery(
  settings: Record<string, unknown> = {}
): Promise<{ picgo: PicGo; a1: GalleryEntry; b: GalleryEntry; c: GalleryEntry; a2: GalleryEntry }> {
  instance = createPicGo(localSettings(server, { deleteOnRemove: true, ...settings }))
  instances.push(instance)
  const shade = (nextShade += 3)
  const [a1, b, c] = gallery(await uploadImages(instance.picgo, instance.dir, [shade, shade + 1, shade + 2]), 1)
  // The same image again: dedupe gives the second gallery entry the same key.
  const [a2] = gallery(await uploadImages(instance.picgo, instance.dir, [shade]), 4)
  if (!a1 || !b || !c || !a2) throw new Error('expected four gallery entries')
  expect(keyOf(a2)).toBe(keyOf(a1))
  server.clearLog()
  return { picgo: instance.picgo, a1, b, c, a2 }
}

test('removed entries lose their objects in one batch delete, except an object a remaining entry still uses', async () => {
  const { picgo, a1, b, c, a2 } = await uploadedGallery()
  server.putObject('test-bucket', 'img/other-uploader.png', Buffer.from('not ours'))
  const foreign: GalleryEntry = {
    id: 'id-9',
    type: 'smms',
    imgUrl: `${server.url}/test-bucket/img/other-uploader.png`,
    ossKey: 'img/other-uploader.png',
    ossBucket: 'test-bucket'
  }
  const guiApi = fakeGuiApi([c, a2])

  const [outcome] = await emitRemove(picgo, [a1, b, foreign], guiApi)

  expect(outcome?.deleted).toEqual([keyOf(b)])
  expect(outcome?.kept).toEqual([keyOf(a1)])
  expect(deleteRequests()).toBe(1)
  const keys = server.listKeys('test-bucket')
  expect(keys).not.toContain(keyOf(b))
  expect(keys).toEqual(expect.arrayContaining([keyOf(a1), keyOf(c), 'img/other-uploader.png']))
  expect(guiApi.shown).toEqual([{ title: 'aliyun-oss-plus: deleted 1 from OSS', body: `${keyOf(b)}; kept 1 still used by other entries` }])
})

test('two removed entries sharing one object delete it once when no other entry uses it', async () => {
  const { picgo, a1, a2, b, c } = await uploadedGallery()

  const [outcome] = await emitRemove(picgo, [a1, a2], fakeGuiApi([b, c]))

  expect(outcome?.deleted).toEqual([keyOf(a1)])
  expect(deleteRequests()).toBe(1)
  expect(server.listKeys('test-bucket')).not.toContain(keyOf(a1))
})

test('with "deleteOnRemove" off, removing entries deletes nothing', async () => {
  const { picgo, a1, b } = await uploadedGallery({ deleteOnRemove: false })

  const [outcome] = await emitRemove(picgo, [a1, b], fakeGuiApi([]))

  expect(outcome?.deleted).toEqual([])
  expect(server.requests).toEqual([])
  expect(server.listKeys('test-bucket')).toEqual(expect.arrayContaining([keyOf(a1), keyOf(b)]))
})

test('entries without ossKey are located from imgUrl; entries of another bucket or an unknown URL are skipped with a warning', async () => {
  const { picgo, a1, b, c } = await uploadedGallery()
  const fromUrl: GalleryEntry = { id: a1.id, type: 'aliyun-oss-plus', imgUrl: a1.imgUrl, ossCreated: true }
  const otherBucket: GalleryEntry = { ...b, ossBucket: 'other-bucket' }
  const elsewhere: GalleryEntry = { id: c.id, type: 'aliyun-oss-plus', imgUrl: `https://cdn.example.com/${keyOf(c)}` }

  const [outcome] = await emitRemove(picgo, [fromUrl, otherBucket, elsewhere], fakeGuiApi([]))

  expect(outcome?.deleted).toEqual([keyOf(a1)])
  expect(outcome?.skipped).toEqual([
    `${b.imgUrl}: in bucket "other-bucket", not "test-bucket"`,
    `https://cdn.example.com/${keyOf(c)}: its object key cannot be told from the URL`
  ])
  expect(server.listKeys('test-bucket')).toEqual(expect.arrayContaining([keyOf(b), keyOf(c)]))
  expect(instance?.logs.filter((line) => line.includes('not deleted from OSS'))).toHaveLength(2)
})

test('without a readable gallery nothing is deleted, since shared objects cannot be told apart', async () => {
  const { picgo, b } = await uploadedGallery()

  const [outcome] = await emitRemove(picgo, [b], { showNotification: () => undefined })

  expect(outcome?.deleted).toEqual([])
  expect(server.listKeys('test-bucket')).toContain(keyOf(b))
  expect(instance?.logs.join('\n')).toMatch(/the gallery is not readable here/)
})

test('with invalid settings nothing is deleted, and the warning names the setting', async () => {
  const { picgo, b } = await uploadedGallery()
  picgo.setConfig({ 'picBed.aliyun-oss-plus': localSettings(server, { deleteOnRemove: true, bucket: '' }) })

  const [outcome] = await emitRemove(picgo, [b], fakeGuiApi([]))

  expect(outcome?.deleted).toEqual([])
  expect(server.requests).toEqual([])
  expect(instance?.logs).toContain('[aliyun-oss-plus] gallery removal: nothing deleted from OSS, the settings are invalid: Missing required setting "bucket"')
})

test('a refused batch delete is logged and notified with the OSS code and request id, and the objects stay', async () => {
  const { picgo, b } = await uploadedGallery()
  server.injectFaults({ kind: 'status', status: 403, code: 'AccessDenied', count: 1, methods: ['POST'] })
  const guiApi = fakeGuiApi([])

  const [outcome] = await emitRemove(picgo, [b], guiApi)

  expect(outcome?.failed).toHaveLength(1)
  expect(server.listKeys('test-bucket')).toContain(keyOf(b))
  const expected = new RegExp(`\\[DELETE\\] ${keyOf(b).replace(/\./g, '\\.')}: 403 AccessDenied \\(request id [0-9A-F]{24}\\)`)
  expect(instance?.logs.join('\n')).toMatch(expected)
  expect(guiApi.shown[0]?.title).toBe('aliyun-oss-plus: could not delete from OSS')
  expect(guiApi.shown[0]?.body).toMatch(expected)
})

test('the listener is wired to PicGo\'s "remove" event as the GUI emits it', async () => {
  const { picgo, b } = await uploadedGallery()
  const shown = new Promise<{ title: string; body: string }>((resolve) => {
    picgo.emit('remove', [b], { galleryDB: { get: async () => ({ total: 0, data: [] }) }, showNotification: resolve })
  })

  expect((await shown).title).toBe('aliyun-oss-plus: deleted 1 from OSS')
  expect(picgo.listenerCount('remove')).toBe(1)
  expect(server.listKeys('test-bucket')).not.toContain(keyOf(b))
})

test('an object the upload only reused (another tool stored those bytes first) is never deleted with the entry', async () => {
  instance = createPicGo(localSettings(server, { deleteOnRemove: true, path: 'gal2/', fileName: '{name}.{ext}', compress: false }))
  instances.push(instance)
  const logo = await sharp({ create: { width: 16, height: 16, channels: 3, background: { r: 250, g: 1, b: 2 } } })
    .png()
    .toBuffer()
  server.putObject('test-bucket', 'gal2/logo.png', logo)
  const file = join(instance.dir, 'logo.png')
  writeFileSync(file, logo)
  const output = await instance.picgo.upload([file])
  if (output instanceof Error) throw output
  const [entry] = gallery(output, 20)
  expect(entry?.ossKey).toBe('gal2/logo.png')
  expect(entry?.ossCreated).toBe(false)

  const [outcome] = await emitRemove(instance.picgo, [entry as GalleryEntry], fakeGuiApi([]))

  expect(outcome?.deleted).toEqual([])
  expect(outcome?.skipped).toEqual([expect.stringMatching(/this plugin did not create gal2\/logo\.png/)])
  expect(server.getObject('test-bucket', 'gal2/logo.png')?.body.equals(logo)).toBe(true)
})

test('keys and URLs from the gallery are printed escaped: a bidi override in a key cannot turn the log line or the notification', async () => {
  const session = createPicGo(localSettings(server, { deleteOnRemove: true, fileName: '{name}.{ext}' }))
  instances.push(session)
  const file = join(session.dir, 'invoice\u202egnp.png')
  writeFileSync(
    file,
    await sharp({ create: { width: 16, height: 16, channels: 3, background: { r: (nextShade += 3), g: 7, b: 7 } } })
      .png()
      .toBuffer()
  )
  const output = await session.picgo.upload([file])
  if (output instanceof Error) throw output
  const [stored] = gallery(output, 1)
  const foreign: GalleryEntry = {
    type: 'aliyun-oss-plus',
    id: 'id-9',
    imgUrl: 'https://elsewhere.example/\u202egnp.exe',
    ossKey: 'x\u202ey.png',
    ossBucket: 'other\u202ebucket',
    ossCreated: true
  }
  const guiApi = fakeGuiApi([])
  await emitRemove(session.picgo, [stored as GalleryEntry, foreign], guiApi)
  const printed = [...session.logs, ...guiApi.shown.map((n) => `${n.title} ${n.body}`)].join('\n')
  expect(printed).toContain('deleted from OSS: img/invoice\\u202egnp.png')
  expect(printed).toContain('in bucket "other\\u202ebucket"')
  expect(printed).not.toContain('\u202e')
})
