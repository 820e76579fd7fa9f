import type { IPicGo } from 'picgo'
import { PLUGIN_ID, PluginError, messageOf } from '../errors'
import { redact } from '../redact'

export interface FailedFile { file: string; error: PluginError }

type Reporter = Pick<IPicGo, 'log' | 'emit'>

/** Makes failures visible: PicGo only logs uploader errors in debug mode, and the GUI shows notifications. */
export function reportFailures(ctx: Reporter, failures: readonly FailedFile[], total: number): void {
  for (const { error } of failures) ctx.log.error(error.message)
  const title = failures.length === total && total <= 1
    ? `${PLUGIN_ID}: upload failed`
    : `${PLUGIN_ID}: ${failures.length} of ${total} uploads failed`
  const body = failures.map(({ file, error }) => `${file}: ${messageOf(error)}`).join('\n')
  ctx.emit('notification', { title, body })
}

/** The error to throw after reporting: one line per failed file. */
export function batchError(failures: readonly FailedFile[], total: number): PluginError {
  const [first] = failures
  if (failures.length === 1 && first !== undefined) return first.error
  const lines = failures.map(({ error }) => `  ${messageOf(error)}`).join('\n')
  return new PluginError(`${failures.length} of ${total} files failed:\n${lines}`, { code: first?.error.code })
}

/** Wraps anything thrown into a PluginError whose message is free of the given secrets. */
export function asPluginError(error: unknown, file: string, secrets: readonly string[]): PluginError {
  if (error instanceof PluginError) return error
  const message = error instanceof Error ? error.message : String(error)
  return new PluginError(`${file}: ${redact(message, secrets)}`, { file })
}
