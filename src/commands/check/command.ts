import type { IPicGo } from 'picgo'
import { CONFIG_KEY } from '../../settings/config'
import { messageOf } from '../../errors'
import { PLUGIN_ID } from '../../plugin-id'
import { PROXY_KEY } from '../../proxy/setting'
import { pluginCommand } from '../shared/plugin-command'
import { allPassed, checkConfigured } from './probe'
import { formatStep, summary } from './summary'

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
