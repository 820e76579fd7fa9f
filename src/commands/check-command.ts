import { CONFIG_KEY } from '../config'
import { PROXY_KEY } from '../proxy/setting'
import type { IGuiMenuItem, IPicGo } from 'picgo'
import { messageOf, PLUGIN_ID } from '../errors'
import { allPassed, type CheckStep, checkConfigured } from './check'
import { type GuiApi, messengerFor } from './shared/gui'
import { pluginCommand } from './shared/plugin-command'

export const CHECK_MENU_LABEL = '检查连接 / Check connection'

/** One line per step: "✔ write: stored img/…" or "✘ signature: [GET] …: 403 SignatureDoesNotMatch …". */
export const formatStep = (s: CheckStep): string => `${s.ok ? '✔' : '✘'} ${s.step}: ${s.detail}`

export function summary(steps: readonly CheckStep[]): string {
  if (allPassed(steps)) return `${PLUGIN_ID}: connection OK, uploads will work`
  const failed = steps.filter((s) => !s.ok).map((s) => s.step).join(', ')
  return `${PLUGIN_ID}: check failed at ${failed}`
}

/**
 * `picgo aliyun-oss-plus check`. PicGo's CLI calls each registered handle with commander's program once, after the
 * plugins are loaded; the action is async and PicGo does not await it, so failure sets process.exitCode.
 */
export function registerCheckCommand(ctx: IPicGo): void {
  if (ctx.cmd === undefined || ctx.cmd.get(PLUGIN_ID) !== undefined) return
  ctx.cmd.register(PLUGIN_ID, {
    handle: (cliCtx: IPicGo) => {
      pluginCommand(cliCtx.cmd.program)
        .command('check')
        .description('check credentials, bucket, region, endpoint and URLs with a probe object (written, read, deleted)')
        .action(async () => {
          try {
            const steps = await checkConfigured(cliCtx.getConfig(CONFIG_KEY), {
              proxy: cliCtx.getConfig(PROXY_KEY),
              onStep: (s) => (s.ok ? cliCtx.log.success(formatStep(s)) : cliCtx.log.error(formatStep(s)))
            })
            if (allPassed(steps)) {
              cliCtx.log.success(summary(steps))
            } else {
              cliCtx.log.error(summary(steps))
              process.exitCode = 1
            }
          } catch (error) {
            cliCtx.log.error(`[${PLUGIN_ID}] check could not run: ${messageOf(error)}`)
            process.exitCode = 1
          }
        })
    }
  })
}

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
