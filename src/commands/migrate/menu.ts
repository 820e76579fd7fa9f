import type { IGuiMenuItem, IPicGo } from 'picgo'
import type { Settings } from '../../settings/config'
import { readUploadSettings } from '../../settings/advice'
import { messageOf, printable } from '../../errors'
import { PLUGIN_ID } from '../../plugin-id'
import type { UploadContext } from '../../uploader/upload'
import { type GuiApi, messengerFor } from '../shared/gui'
import { DEFAULT_CONCURRENCY } from './options'
import { type MigrateProgress, runMigrate } from './run'
import { formatMigrateSummary, formatProgress, migrateExitCode } from './summary'
import type { OutputMode } from './write-output'

export const MIGRATE_MENU_LABEL = '选择文件夹迁移 / Migrate a folder'
/** A progress notification at most this often. */
const NOTIFY_EVERY_MS = 10_000
/** Detail lines shown in the closing message box; the log has them all. */
const MAX_BOX_LINES = 20

/** The choices of the first message box, in button order. */
export const MIGRATE_CHOICES = [
  '写入 .migrated.md / Write <name>.migrated.md',
  '原地改写 / Rewrite in place (keep .bak)',
  '预演 / Dry run',
  '原图不压缩，写入 .migrated.md / Originals, not compressed: write <name>.migrated.md',
  '取消 / Cancel'
] as const
/** The choice that uploads the images as they are (`--originals`). */
const ORIGINALS_CHOICE = 3

/**
 * The plugin page's menu item: asks for a folder of notes and how to write them, migrates it as the CLI's
 * `migrate <folder>` does, shows progress on PicGo's progress bar and in notifications, and ends with the summary.
 */
export const migrateMenuItem: IGuiMenuItem = {
  label: MIGRATE_MENU_LABEL,
  handle: async (ctx: IPicGo, guiApi: GuiApi | undefined) => {
    const { note, box, pickFolder } = messengerFor(ctx, guiApi)
    let settings: Settings
    try {
      settings = readUploadSettings(ctx)
    } catch (error) {
      await box(`${PLUGIN_ID}: cannot migrate`, messageOf(error), 'error')
      return
    }
    const folder = await pickFolder(MIGRATE_MENU_LABEL, ['openDirectory'])
    if (folder === undefined) return
    const choice = await box(
      MIGRATE_MENU_LABEL,
      `${printable(folder)}\n\nUpload the notes' images to ${settings.bucket} and point their links at OSS.`,
      'question',
      [...MIGRATE_CHOICES]
    )
    const output: OutputMode = choice === 1 ? { kind: 'in-place', backup: true } : { kind: 'beside' }
    if (choice !== 0 && choice !== 1 && choice !== 2 && choice !== ORIGINALS_CHOICE) return
    note(`${PLUGIN_ID}: migrating ${printable(folder)}`, choice === 2 ? 'dry run: nothing is uploaded or written' : `bucket ${settings.bucket}`)
    let lastNote = Date.now()
    const onProgress = (progress: MigrateProgress): void => {
      ctx.emit('uploadProgress', progress.images === 0 ? 0 : Math.min(99, Math.round((100 * progress.settled) / progress.images)))
      if (Date.now() - lastNote < NOTIFY_EVERY_MS) return
      lastNote = Date.now()
      note(`${PLUGIN_ID}: migrating…`, formatProgress(progress))
    }
    try {
      const summary = await runMigrate(withoutUploadProgress(ctx), settings, {
        inputs: [folder],
        dryRun: choice === 2,
        includeRemote: false,
        exclude: [],
        output,
        concurrency: DEFAULT_CONCURRENCY,
        onProgress,
        originals: choice === ORIGINALS_CHOICE
      })
      ctx.emit('uploadProgress', 100)
      const [title = '', ...details] = formatMigrateSummary(summary)
      const failed = migrateExitCode(summary) !== 0
      if (failed) ctx.log.error(title)
      else ctx.log.success(title)
      for (const line of details) ctx.log.info(line)
      const shown = details.slice(0, MAX_BOX_LINES).map((line) => line.trim())
      if (details.length > MAX_BOX_LINES) shown.push(`… ${details.length - MAX_BOX_LINES} more lines in PicGo's log`)
      await box(title, shown.join('\n') || 'Every image is on OSS.', failed ? 'error' : 'info')
    } catch (error) {
      ctx.emit('uploadProgress', -1)
      const message = messageOf(error)
      ctx.log.error(`[${PLUGIN_ID}] migrate failed: ${message}`)
      await box(`${PLUGIN_ID}: migrate failed`, message, 'error')
    }
  }
}

/** The uploader's own progress events count each chunk from 60 to 100 %; the menu shows the run's progress instead. */
function withoutUploadProgress(ctx: IPicGo): UploadContext {
  return {
    getConfig: ctx.getConfig.bind(ctx),
    log: ctx.log,
    output: [],
    GUI_VERSION: ctx.GUI_VERSION,
    baseDir: ctx.baseDir,
    emit: (event: string | symbol, ...args: unknown[]) => (event === 'uploadProgress' ? false : ctx.emit(event, ...args))
  }
}
