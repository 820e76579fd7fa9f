import type { IGuiMenuItem, IPicGo } from 'picgo'
import { readSettings, type Settings } from '../../settings/config'
import { messageOf, printable } from '../../errors'
import { PLUGIN_ID } from '../../plugin-id'
import { type GuiApi, messengerFor } from '../shared/gui'
import { backupPrefix, DEFAULT_CONCURRENCY } from './options'
import { type BackupProgress, runBackup } from './run'
import { backupExitCode, formatBackupSummary } from './summary'
import { formatBytes } from '../../errors/format-bytes'

export const BACKUP_MENU_LABEL = '备份到本地 / Back up to a folder'
/** A progress notification at most this often. */
const NOTIFY_EVERY_MS = 10_000

/**
 * The plugin page's menu item: asks for a folder, backs up the uploader's "path" into it (as the CLI's
 * `backup <folder>` does), shows progress on PicGo's progress bar and in notifications, and ends with the
 * summary in a message box.
 */
export const backupMenuItem: IGuiMenuItem = {
  label: BACKUP_MENU_LABEL,
  handle: async (ctx: IPicGo, guiApi: GuiApi | undefined) => {
    const show = messengerFor(ctx, guiApi)
    let settings: Settings
    try {
      settings = readSettings(ctx)
    } catch (error) {
      await show.box(`${PLUGIN_ID}: cannot back up`, messageOf(error), 'error')
      return
    }
    const folder = await show.pickFolder(BACKUP_MENU_LABEL, ['openDirectory', 'createDirectory'])
    if (folder === undefined) return
    show.note(`${PLUGIN_ID}: backing up to ${printable(folder)}`, `bucket ${settings.bucket}, prefix "${backupPrefix(settings, {})}"`)
    let lastNote = Date.now()
    const onProgress = (p: BackupProgress): void => {
      ctx.emit('uploadProgress', p.listed === 0 ? 0 : Math.min(99, Math.round((100 * (p.listed - p.pending)) / p.listed)))
      if (Date.now() - lastNote < NOTIFY_EVERY_MS) return
      lastNote = Date.now()
      show.note(`${PLUGIN_ID}: backing up…`, `${p.listed} listed, ${p.done} downloaded (${formatBytes(p.bytes)})`)
    }
    try {
      const summary = await runBackup(settings, { folder, prefix: backupPrefix(settings, {}), concurrency: DEFAULT_CONCURRENCY, dryRun: false, onProgress })
      ctx.emit('uploadProgress', 100)
      const [title = '', ...details] = formatBackupSummary(summary)
      const failed = backupExitCode(summary) !== 0
      if (failed) ctx.log.error(title)
      else ctx.log.success(title)
      await show.box(title, details.map((line) => line.trim()).join('\n') || 'Every object is backed up.', failed ? 'error' : 'info')
    } catch (error) {
      ctx.emit('uploadProgress', -1)
      const message = printable(messageOf(error))
      ctx.log.error(`[${PLUGIN_ID}] backup failed: ${message}`)
      await show.box(`${PLUGIN_ID}: backup failed`, message, 'error')
    }
  }
}
