import type { IGuiMenuItem, IPicGo } from 'picgo'
import { CONFIG_KEY } from '../../settings/config'
import { PROXY_KEY } from '../../proxy/setting'
import { type GuiApi, messengerFor } from '../shared/gui'
import { allPassed, checkConfigured } from './probe'
import { formatStep, summary } from './summary'

export const CHECK_MENU_LABEL = '检查连接 / Check connection'

/** The plugin page's menu item: runs the check and shows every step in a message box. */
export const checkMenuItem: IGuiMenuItem = {
  label: CHECK_MENU_LABEL,
  handle: async (ctx: IPicGo, guiApi: GuiApi | undefined) => {
    const steps = await checkConfigured(ctx.getConfig(CONFIG_KEY), { proxy: ctx.getConfig(PROXY_KEY) })
    const title = summary(steps)
    const message = steps.map(formatStep).join('\n')
    if (allPassed(steps)) ctx.log.success(`${title}\n${message}`)
    else ctx.log.error(`${title}\n${message}`)
    await messengerFor(ctx, guiApi).box(title, message, allPassed(steps) ? 'info' : 'error')
  }
}
