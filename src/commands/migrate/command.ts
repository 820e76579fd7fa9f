import type { IPicGo } from 'picgo'
import { readUploadSettings } from '../../settings/advice'
import { messageOf, printable } from '../../errors'
import { PLUGIN_ID } from '../../plugin-id'
import { pluginCommand } from '../shared/plugin-command'
import { type MigrateFlags, outputModeOf, parseConcurrency, parseExcludes } from './options'
import { type MigrateProgress, runMigrate } from './run'
import { formatMigrateSummary, formatProgress, migrateExitCode } from './summary'

const COMMAND_ID = `${PLUGIN_ID}-migrate`
/** A progress line at most this often. */
const PROGRESS_EVERY_MS = 5000

/**
 * `picgo aliyun-oss-plus migrate <file.md | folder>...`: uploads the images of Markdown notes through this uploader
 * and rewrites their links. PicGo does not await a command's action, so the outcome is process.exitCode.
 */
export function registerMigrateCommand(ctx: IPicGo): void {
  if (ctx.cmd === undefined || ctx.cmd.get(COMMAND_ID) !== undefined) return
  ctx.cmd.register(COMMAND_ID, {
    handle: (cliCtx: IPicGo) => {
      pluginCommand(cliCtx.cmd.program)
        .command('migrate <paths...>')
        .description(
          'upload the images of Markdown notes (files or folders) and point their links at OSS; writes <name>.migrated.md unless --in-place or --out'
        )
        .option('--dry-run', 'list what would be uploaded and rewritten; sends nothing but HEAD requests')
        .option('--include-remote', 'also migrate http(s) images on other hosts')
        .option('--exclude <url-prefix>', 'leave remote images under this prefix alone (repeatable)', (value: string, all: string[]) => [...all, value], [])
        .option('--out <folder>', 'write the rewritten notes under this folder, in the same layout')
        .option('--in-place', 'rewrite the notes themselves (atomically), keeping <name>.md.bak')
        .option('--no-backup', 'with --in-place: keep no .bak copy')
        .option('--concurrency <n>', 'distinct images processed at once (1-32, default 8)')
        .option('--originals', 'upload the images as they are, not compressed (only metadata stripped, losslessly, unless keepMetadata)')
        .action(async (paths: string[], flags: MigrateFlags) => {
          try {
            process.exitCode = await migrateAction(cliCtx, paths, flags)
          } catch (error) {
            cliCtx.log.error(`[${PLUGIN_ID}] ${printable(messageOf(error))}`)
            process.exitCode = 1
          }
        })
    }
  })
}

async function migrateAction(ctx: IPicGo, paths: string[], flags: MigrateFlags): Promise<number> {
  const settings = readUploadSettings(ctx)
  let last = Date.now()
  const onProgress = (progress: MigrateProgress): void => {
    if (Date.now() - last < PROGRESS_EVERY_MS && progress.settled < progress.images) return
    last = Date.now()
    ctx.log.info(`[${PLUGIN_ID}] migrate: ${formatProgress(progress)}`)
  }
  const summary = await runMigrate(ctx, settings, {
    inputs: paths,
    dryRun: flags.dryRun === true,
    includeRemote: flags.includeRemote === true,
    exclude: parseExcludes(flags.exclude),
    output: outputModeOf(flags),
    concurrency: parseConcurrency(flags.concurrency),
    originals: flags.originals === true,
    onProgress
  })
  const exitCode = migrateExitCode(summary)
  const [head = '', ...details] = formatMigrateSummary(summary)
  if (exitCode !== 0) ctx.log.error(head)
  else ctx.log.success(head)
  for (const line of details) ctx.log.info(line)
  return exitCode
}
