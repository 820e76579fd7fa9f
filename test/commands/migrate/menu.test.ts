import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { MIGRATE_CHOICES, MIGRATE_MENU_LABEL } from '../../../src/commands/migrate/menu'
import { PLUGIN_NAME } from '../../../tools/picgo-home'
import { vaultImages, writeVault, type VaultImages } from '../../fixtures/migrate/vault'
import { createPicGo, localSettings, tempDir } from '../../helpers/picgo'
import { useOssServer } from '../../helpers/oss-server'

const server = useOssServer()
let images: VaultImages
beforeAll(async () => {
  images = await vaultImages()
})
beforeEach(() => server.clearLog())

interface Box {
  title: string
  message: string
  type: string
  buttons: string[]
}

/** A stand-in for PicGo GUI's guiApi: the folder dialog answers `folder`, the first message box `choice`. */
function guiApi(folder: string | undefined, choice: number) {
  const boxes: Box[] = []
  const notes: Array<{ title: string; body: string }> = []
  const api = {
    showFileExplorer: async (options: { properties: string[] }) => (options.properties.includes('openDirectory') && folder ? [folder] : undefined),
    showMessageBox: async (box: Box) => {
      boxes.push(box)
      return { result: boxes.length === 1 ? choice : 0, checkboxChecked: false }
    },
    showNotification: (note: { title: string; body: string }) => notes.push(note)
  }
  return { api, boxes, notes }
}

async function runMenu(settings: Record<string, unknown>, folder: string | undefined, choice: number) {
  const picgo = createPicGo(settings)
  const progress: number[] = []
  picgo.picgo.on('uploadProgress', (value: number) => progress.push(value))
  const gui = guiApi(folder, choice)
  try {
    const item = (picgo.picgo.pluginLoader.getPlugin(PLUGIN_NAME)?.guiMenu?.(picgo.picgo) ?? []).find((m) => m.label === MIGRATE_MENU_LABEL)
    if (item === undefined) throw new Error('no migrate menu item')
    await item.handle(picgo.picgo, gui.api)
  } finally {
    await picgo.cleanup()
  }
  return { ...gui, progress }
}

function vault(): string {
  const folder = join(tempDir('gui-migrate-'), 'notes')
  writeVault(folder, images, { REMOTE: 'http://127.0.0.1:9', OSS: `${server.url}/test-bucket` })
  return folder
}

test('"rewrite in place" migrates the chosen folder, shows the run\'s progress, and ends with the failures in a message box', async () => {
  const folder = vault()
  const original = readFileSync(join(folder, 'basic.md'))

  const { boxes, notes, progress } = await runMenu(localSettings(server), folder, 1)

  expect(boxes[0]).toMatchObject({ title: MIGRATE_MENU_LABEL, type: 'question', buttons: [...MIGRATE_CHOICES] })
  expect(notes[0]).toEqual({ title: `aliyun-oss-plus: migrating ${folder}`, body: 'bucket test-bucket' })
  // Only the run's own progress: the uploader's per-chunk 60-100 % events are held back.
  expect(progress[0]).toBe(0)
  expect(progress.at(-1)).toBe(100)
  expect(progress).toEqual([...progress].sort((a, b) => a - b))
  expect(boxes[1]?.type).toBe('error')
  expect(boxes[1]?.title).toMatch(
    /^aliyun-oss-plus: migrated 9 notes: 7 rewritten, 1 left as they were \(every image failed\); 6 images \(4 distinct, [\d.]+ KB read\): 4 on OSS, 1 failed/
  )
  expect(boxes[1]?.message).toMatch(/failed: .*broken\.md:3: assets\/does-not-exist\.png: file not found/)
  expect(readFileSync(join(folder, 'basic.md.bak')).equals(original)).toBe(true)
  expect(readFileSync(join(folder, 'basic.md'), 'utf8')).toMatch(
    /!\[A photo\]\(http:\/\/127\.0\.0\.1:\d+\/test-bucket\/img\/[0-9a-f]+\.jpg "The title stays"\)/
  )
  expect(server.requests.filter((r) => r.method === 'PUT')).toHaveLength(4)
})

test('"dry run" sends nothing but HEADs and writes nothing', async () => {
  const folder = vault()
  const { boxes } = await runMenu(localSettings(server), folder, 2)
  expect(boxes[1]?.title).toMatch(/dry run over 9 notes/)
  expect(server.requests.every((r) => r.method === 'HEAD')).toBe(true)
  expect(existsSync(join(folder, 'basic.migrated.md'))).toBe(false)
  expect(existsSync(join(folder, 'basic.md.bak'))).toBe(false)
})

test('cancelling the folder dialog, or the choice, does nothing', async () => {
  const none = await runMenu(localSettings(server), undefined, 0)
  expect([none.boxes, none.notes, none.progress]).toEqual([[], [], []])
  const folder = vault()
  const cancelled = await runMenu(localSettings(server), folder, MIGRATE_CHOICES.length - 1)
  expect(cancelled.boxes).toHaveLength(1)
  expect([cancelled.notes, cancelled.progress, server.requests]).toEqual([[], [], []])
})

test('missing settings end in an error box that names the setting, before any dialog', async () => {
  const { boxes } = await runMenu({ accessKeyId: 'id' }, tempDir(), 0)
  expect(boxes).toEqual([{ title: 'aliyun-oss-plus: cannot migrate', message: 'Missing required setting "accessKeySecret"', type: 'error', buttons: ['OK'] }])
})
