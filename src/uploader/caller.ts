import type { IPicGo } from 'picgo'

/** Options of the picgo CLI that take a value, so the value is not mistaken for the command. */
const OPTIONS_WITH_VALUE = new Set(['-c', '--config', '--format', '--uploader', '--configName', '--configId', '-p', '--proxy', '-r', '--registry'])

/**
 * True in `picgo upload` / `picgo u` on the command line, whose URL lines Typora reads by position: there a failed
 * file can keep an empty line. Everywhere else (`picgo server`, the GUI and its server, the API) results are lists
 * from which PicGo drops empty URLs, so one failed file must fail the whole request.
 */
export function isCommandLineUpload(ctx: Pick<IPicGo, 'GUI_VERSION'>, argv: readonly string[] = process.argv): boolean {
  if (ctx.GUI_VERSION) return false
  for (let index = 2; index < argv.length; index++) {
    const arg = argv[index] as string
    if (OPTIONS_WITH_VALUE.has(arg)) index++
    else if (!arg.startsWith('-')) return arg === 'upload' || arg === 'u'
  }
  return false
}
