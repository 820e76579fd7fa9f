import { resolve } from 'path'
import type { IPicGo } from 'picgo'
import { readSettings } from '../../settings/config'
import { messageOf, printable } from '../../errors'
import { PLUGIN_ID } from '../../plugin-id'
import { pluginCommand } from '../shared/plugin-command'
import { backupPrefix, parseConcurrency, restorePrefix } from './options'
import { formatRestoreSummary, restoreExitCode, runRestore } from './restore'
import { type BackupProgress, runBackup } from './run'
import { backupExitCode, formatBackupSummary } from './summary'
import { formatVerifySummary, verifyBackup } from './verify'
import { formatBytes } from '../../errors/format-bytes'

const COMMAND_ID = `${PLUGIN_ID}-backup`
/** A progress line at most this often, so a long run shows it is alive without flooding the log. */
const PROGRESS_EVERY_MS = 5000

interface BackupFlags {
  prefix?: string
  all?: boolean
  verify?: boolean
  concurrency?: string
  dryRun?: boolean
}
interface RestoreFlags {
  toPrefix?: string
  concurrency?: string
  dryRun?: boolean
}

/**
 * `picgo aliyun-oss-plus backup <folder>` and `picgo aliyun-oss-plus restore <folder>`. PicGo does not await a
 * command's action, so the outcome is process.exitCode: 1 when a download (or upload) failed.
 */
export function registerBackupCommands(ctx: IPicGo): void {
  if (ctx.cmd === undefined || ctx.cmd.get(COMMAND_ID) !== undefined) return
  ctx.cmd.register(COMMAND_ID, {
    handle: (cliCtx: IPicGo) => {
      const tools = pluginCommand(cliCtx.cmd.program)
      tools
        .command('backup <folder>')
        .description('download a verified copy of every object under "path" into the folder; later runs fetch only what is new or changed')
        .option('--prefix <prefix>', 'back up this key prefix instead of the one in "path"')
        .option('--all', 'back up the whole bucket')
        .option('--verify', 're-read the backed-up files and check them against the manifest; downloads nothing')
        .option('--concurrency <n>', 'downloads at once (1-16, default 4)')
        .option('--dry-run', 'list and say what would be downloaded; writes nothing')
        .action((folder: string, flags: BackupFlags) => run(cliCtx, () => backupAction(cliCtx, resolve(folder), flags)))
      tools
        .command('restore <folder>')
        .description('upload a backup into the configured bucket; keys already holding the same bytes are skipped, none is overwritten')
        .option('--to-prefix <prefix>', 'put this before every key (restore img/a.png as <prefix>img/a.png)')
        .option('--concurrency <n>', 'uploads at once (1-16, default 4)')
        .option('--dry-run', 'say what would be uploaded; sends nothing')
        .action((folder: string, flags: RestoreFlags) => run(cliCtx, () => restoreAction(cliCtx, resolve(folder), flags)))
    }
  })
}

async function run(ctx: IPicGo, action: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await action()
  } catch (error) {
    ctx.log.error(`[${PLUGIN_ID}] ${printable(messageOf(error))}`)
    process.exitCode = 1
  }
}

async function backupAction(ctx: IPicGo, folder: string, flags: BackupFlags): Promise<number> {
  const settings = readSettings(ctx)
  const concurrency = parseConcurrency(flags.concurrency)
  if (flags.verify === true) {
    const summary = await verifyBackup(folder, settings.bucket, concurrency)
    printLines(ctx, formatVerifySummary(summary), summary.damaged.length > 0)
    return summary.damaged.length > 0 ? 1 : 0
  }
  const showProgress = throttled((p: BackupProgress) =>
    ctx.log.info(`[${PLUGIN_ID}] ${p.listed} listed, ${p.done} downloaded or failed (${formatBytes(p.bytes)}), ${p.pending} in progress`)
  )
  const interrupted = (): void => {
    ctx.log.warn(
      `[${PLUGIN_ID}] interrupted. Every file downloaded so far is verified and recorded, and no partial file is left under its name: run the same command again to continue`
    )
    process.exit(130)
  }
  process.once('SIGINT', interrupted)
  let summary
  try {
    summary = await runBackup(settings, {
      folder,
      prefix: backupPrefix(settings, flags),
      concurrency,
      dryRun: flags.dryRun === true,
      onProgress: showProgress,
      onRetry: (message) => ctx.log.warn(`[${PLUGIN_ID}] ${printable(message)}`)
    })
  } finally {
    process.removeListener('SIGINT', interrupted)
  }
  const exitCode = backupExitCode(summary)
  printLines(ctx, formatBackupSummary(summary), exitCode !== 0)
  return exitCode
}

async function restoreAction(ctx: IPicGo, folder: string, flags: RestoreFlags): Promise<number> {
  const settings = readSettings(ctx)
  const summary = await runRestore(settings, {
    folder,
    toPrefix: restorePrefix(flags.toPrefix),
    concurrency: parseConcurrency(flags.concurrency),
    dryRun: flags.dryRun === true,
    onRetry: (message) => ctx.log.warn(`[${PLUGIN_ID}] ${printable(message)}`)
  })
  const exitCode = restoreExitCode(summary)
  printLines(ctx, formatRestoreSummary(summary), exitCode !== 0)
  return exitCode
}

function printLines(ctx: IPicGo, lines: readonly string[], failed: boolean): void {
  const [head = '', ...details] = lines
  if (failed) ctx.log.error(head)
  else ctx.log.success(head)
  for (const line of details) ctx.log.info(line)
}

function throttled<T>(show: (value: T) => void): (value: T) => void {
  let last = Date.now()
  return (value) => {
    const now = Date.now()
    if (now - last < PROGRESS_EVERY_MS) return
    last = now
    show(value)
  }
}
