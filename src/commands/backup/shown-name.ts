/**
 * A key or path as it may be printed: control characters (ESC included, so a key cannot drive the terminal),
 * DEL and the C1 range are written as \xNN, and a backslash as \\ so the escape is unambiguous.
 */
export function shownName(name: string): string {
  return name.replace(/[\\\u0000-\u001f\u007f-\u009f]/g, (character) =>
    character === '\\' ? '\\\\' : `\\x${character.charCodeAt(0).toString(16).padStart(2, '0')}`)
}
