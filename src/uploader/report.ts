import type { IPicGo } from 'picgo'
import { PluginError, messageOf, printable } from '../errors'
import { PLUGIN_ID } from '../plugin-id'
import { redact } from '../errors/redact'

export interface FailedFile {
  file: string
  error: PluginError
}

type Reporter = Pick<IPicGo, 'log' | 'emit'>

/** Makes failures visible: PicGo only logs uploader errors in debug mode, and the GUI shows notifications. */
export function reportFailures(ctx: Reporter, failures: readonly FailedFile[], total: number): void {
  for (const { error } of failures) ctx.log.error(error.message)
  const title = failures.length === total && total <= 1 ? `${PLUGIN_ID}: upload failed` : `${PLUGIN_ID}: ${failures.length} of ${total} uploads failed`
  const body = failures.map(({ file, error }) => namingFile(printable(file), messageOf(error))).join('\n')
  ctx.emit('notification', { title, body })
}

/**
 * The error to throw after reporting: one line per failed file. When others were stored, the request still fails
 * as a whole (a list of URLs without the failed ones would put URLs on the wrong images), and says so.
 */
export function batchError(failures: readonly FailedFile[], total: number): PluginError {
  const [first] = failures
  if (total === 1 && first !== undefined) return first.error
  const stored = total - failures.length
  const others = stored > 0 ? ` (the other ${stored} are stored: uploading them again costs one HEAD each)` : ''
  const lines = failures.map(({ error }) => `  ${messageOf(error)}`).join('\n')
  return new PluginError(`${failures.length} of ${total} files failed${others}:\n${lines}`, { code: first?.error.code })
}

/** The file in front of its message, once: "a.png: …", not "a.png: a.png: …". */
const namingFile = (file: string, message: string): string => (message.startsWith(`${file}: `) ? message : `${file}: ${message}`)

/** Wraps anything thrown into a PluginError whose message is free of the given secrets. */
export function asPluginError(error: unknown, file: string, secrets: readonly string[]): PluginError {
  if (error instanceof PluginError) return error
  return new PluginError(`${file}: ${redact(messageOf(error), secrets)}`, { file })
}
