import { printable } from '../../errors'

/** A key, path or message as it may be printed: the one escaper, printable() (src/errors), so a backup summary escapes as every other line does. */
export function shownName(name: string): string {
  return printable(name)
}
