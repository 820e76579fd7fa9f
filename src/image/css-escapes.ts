/**
 * CSS text as the CSS tokenizer reads its escapes (CSS Syntax Level 3, §4.3.7): a backslash and up to six hex
 * digits, then one optional whitespace, is that code point ("\75 rl(" is "url("); a backslash and any other
 * character is that character ("u\rl(" is "url("). A backslash before a line break (a string's line continuation)
 * or at the end is dropped.
 */
const ESCAPE = /\\(?:([0-9a-f]{1,6})(?:\r\n|[ \t\r\n\f])?|(\r\n|[\r\n\f])|([\s\S])|$)/gi
const COMMENT = /\/\*[\s\S]*?(?:\*\/|$)/g
const REPLACEMENT_CHARACTER = '\uFFFD'

export function decodeCssEscapes(css: string): string {
  return css.replace(ESCAPE, (_match, hex?: string, lineBreak?: string, char?: string) => {
    if (hex !== undefined) return codePoint(parseInt(hex, 16))
    return lineBreak !== undefined ? '' : (char ?? '')
  })
}

/** Comments taken out; an unclosed one runs to the end, as in CSS. */
export function withoutCssComments(css: string): string {
  return css.replace(COMMENT, '')
}

/** Zero, a surrogate or beyond Unicode reads as U+FFFD. */
function codePoint(value: number): string {
  const invalid = value === 0 || (value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff
  return invalid ? REPLACEMENT_CHARACTER : String.fromCodePoint(value)
}
