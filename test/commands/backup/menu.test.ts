import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { BACKUP_MENU_LABEL } from '../../../src/commands/backup/menu'
import { createPicGo, localSettings, tempDir } from '../../helpers/picgo'
import { PLUGIN_NAME } from '../../../tools/picgo-home'
import { useOssServer } from '../../helpers/oss-server'

const server = useOssServer()

interface Box {
  title: string
  message: string
  type: string
}

/** A stand-in for PicGo GUI's guiApi: the folder dialog answers `chosen`; boxes and notifications are kept. */
function guiApi(chosen: string | string[] | undefined): { api: object; boxes: Box[]; notes: Array<{ title: string; body: string }> } {
  const boxes: Box[] = []
  const notes: Array<{ title: string; body: string }> = []
  return {
    boxes,
    notes,
    api: {
      showFileExplorer: async (options: { properties: string[] }) => (options.properties.includes('openDirectory') ? chosen : undefined),
      showMessageBox: async (box: Box) => {
        boxes.push(box)
        return { result: 0 }
      },
      showNotification: (note: { title: string; body: string }) => notes.push(note)
    }
  }
}

async function runMenu(settings: Record<string, unknown>, chosen: string | string[] | undefined) {
  const picgo = createPicGo(settings)
  const progress: number[] = []
  picgo.picgo.on('uploadProgress', (value: number) => progress.push(value))
  const gui = guiApi(chosen)
  try {
    const item = (picgo.picgo.pluginLoader.getPlugin(PLUGIN_NAME)?.guiMenu?.(picgo.picgo) ?? []).find((m) => m.label === BACKUP_MENU_LABEL)
    await item?.handle(picgo.picgo, gui.api)
  } finally {
    await picgo.cleanup()
  }
  return { ...gui, progress }
}

test('the GUI menu item backs up "path" into the chosen folder, shows progress, and ends with the summary in a message box', async () => {
  for (const name of ['a', 'b', 'c']) server.putObject('test-bucket', `img/${name}.png`, Buffer.from(name))
  server.putObject('test-bucket', 'elsewhere/x.png', Buffer.from('x'))
  const folder = tempDir('gui-backup-')

  const { boxes, notes, progress } = await runMenu(localSettings(server), [folder])

  expect(notes[0]).toEqual({ title: `aliyun-oss-plus: backing up to ${folder}`, body: 'bucket test-bucket, prefix "img/"' })
  expect(progress.at(-1)).toBe(100)
  expect(boxes).toEqual([
    {
      title: expect.stringMatching(/^aliyun-oss-plus: backup of test-bucket\/img\/ to .*: 3 listed, 3 downloaded \(3 B\), 0 unchanged, 0 skipped, 0 failed/),
      message: 'Every object is backed up.',
      type: 'info',
      buttons: ['OK']
    }
  ])
  for (const name of ['a', 'b', 'c']) expect(readFileSync(join(folder, `img/${name}.png`), 'utf8')).toBe(name)
})

test('cancelling the folder dialog does nothing', async () => {
  const { boxes, notes, progress } = await runMenu(localSettings(server), undefined)
  expect([boxes, notes, progress]).toEqual([[], [], []])
})

test('missing settings end in an error box that names the setting, before any dialog', async () => {
  const { boxes } = await runMenu({ accessKeyId: 'id' }, tempDir())
  expect(boxes).toEqual([{ title: 'aliyun-oss-plus: cannot back up', message: 'Missing required setting "accessKeySecret"', type: 'error', buttons: ['OK'] }])
})
