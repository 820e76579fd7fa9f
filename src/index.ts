import type { IPicGo, IPicGoPluginInterface } from 'picgo'
import { registerBackupCommands } from './commands/backup/command'
import { backupMenuItem } from './commands/backup/menu'
import { registerCheckCommand } from './commands/check/command'
import { checkMenuItem } from './commands/check/menu'
import { registerMigrateCommand } from './commands/migrate/command'
import { migrateMenuItem } from './commands/migrate/menu'
import { configSchema } from './settings/config-schema'
import { PLUGIN_ID } from './plugin-id'
import { registerGalleryRemove } from './gallery/remove'
import { registerLocales } from './settings/i18n'
import { CONFIG_KEY } from './settings/config'
import { handle } from './uploader/upload'

/** PicGo requires the factory itself as module.exports. */
export = (ctx: IPicGo): IPicGoPluginInterface => ({
  register: () => {
    registerLocales(ctx.i18n)
    ctx.helper.uploader.register(PLUGIN_ID, {
      name: 'Aliyun OSS Plus',
      handle: (uploadCtx: IPicGo) => handle(uploadCtx),
      config: (configCtx: IPicGo) => configSchema(configCtx, CONFIG_KEY)
    })
    registerCheckCommand(ctx)
    registerBackupCommands(ctx)
    registerMigrateCommand(ctx)
    registerGalleryRemove(ctx)
  },
  // The settings form belongs to the uploader (above), not to the plugin: a plugin-level config would make the GUI's
  // plugin settings and `picgo set plugin` save answers under a key the uploader never reads.
  uploader: PLUGIN_ID,
  guiMenu: () => [checkMenuItem, backupMenuItem, migrateMenuItem]
})
