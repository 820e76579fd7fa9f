import { decodeCssEscapes, withoutCssComments } from '../../src/image/css-escapes'

describe('decodeCssEscapes (CSS Syntax Level 3, §4.3.7)', () => {
  test.each([
    ['a backslash and a letter', 'u\\rl(', 'url('],
    ['hex digits and the one space after them', '\\75 rl(', 'url('],
    ['only one whitespace is taken after hex digits', '\\75  rl(', 'u rl('],
    ['a CR LF after hex digits counts as one whitespace', '\\75\r\nrl(', 'url('],
    ['at most six hex digits', '\\0000751', 'u1'],
    ['upper-case hex digits', '\\4C', 'L'],
    ['a code point beyond the BMP', '\\1F600', '\u{1F600}'],
    ['zero reads as U+FFFD', '\\0 x', '\uFFFDx'],
    ['a surrogate reads as U+FFFD', '\\D800 x', '\uFFFDx'],
    ['beyond Unicode reads as U+FFFD', '\\110000 x', '\uFFFDx'],
    ['an escaped backslash escapes nothing after it', '\\\\75 rl(', '\\75 rl('],
    ['a backslash before a line break (a line continuation) is dropped with it', 'ur\\\nl(', 'url('],
    ['a backslash at the end is dropped', 'url(\\', 'url('],
    ['text without escapes is unchanged', 'fill: url(#g) /* x */', 'fill: url(#g) /* x */']
  ])('%s', (_title, css, decoded) => {
    expect(decodeCssEscapes(css)).toBe(decoded)
  })
})

describe('withoutCssComments', () => {
  test.each([
    ['a comment inside a word', 'u/**/rl(', 'url('],
    ['several comments, shortest match each', 'a/* x */b/* y */c', 'abc'],
    ['an unclosed comment runs to the end', 'fill: red /* url(', 'fill: red '],
    ['no comment', 'fill: red', 'fill: red']
  ])('%s', (_title, css, stripped) => {
    expect(withoutCssComments(css)).toBe(stripped)
  })
})
