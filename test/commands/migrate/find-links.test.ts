import { findImageLinks } from '../../../src/commands/migrate/find-links'

/** Each link as `form:target` with the exact source text it replaces. */
async function links(text: string): Promise<Array<[string, string, string]>> {
  return (await findImageLinks(text)).map((link) => [link.form, link.target, text.slice(link.start, link.end)])
}

test.each([
  ['inline with a title', '![a](x.png "t")', [['bare', 'x.png', 'x.png']]],
  ['angle brackets with a space', '![a](<my pic.png>)', [['angle', 'my pic.png', 'my pic.png']]],
  ['escapes and character references are decoded, the source text kept', '![a](x\\(1\\)&amp;.png)', [['bare', 'x(1)&.png', 'x\\(1\\)&amp;.png']]],
  ['Chinese and %20', '![图](图片%20一.png)', [['bare', '图片%20一.png', '图片%20一.png']]],
  ['brackets and emphasis in the alt text', '![*a* [b]](x.png)', [['bare', 'x.png', 'x.png']]],
  [
    'an image inside an image',
    '![![in](in.png)](out.png)',
    [
      ['bare', 'in.png', 'in.png'],
      ['bare', 'out.png', 'out.png']
    ]
  ],
  ['a link is no image', '[a](x.png)', []],
  ['a code span', '`![a](x.png)`', []],
  ['a fenced code block', '```\n![a](x.png)\n```\n', []],
  ['an indented code block', '    ![a](x.png)\n', []],
  ['HTML in a code block', '~~~\n<img src="x.png">\n~~~\n', []],
  [
    'double, single and no quotes',
    '<img src="a.png"> <img src=\'b.png\'> <img alt=x src=c.png>',
    [
      ['html-double', 'a.png', 'a.png'],
      ['html-single', 'b.png', 'b.png'],
      ['html-unquoted', 'c.png', 'c.png']
    ]
  ],
  ['an HTML block across lines, entities decoded', '<p>\n<img\n  data-x="1" SRC = "a&amp;b.png">\n</p>\n', [['html-double', 'a&b.png', 'a&amp;b.png']]],
  ['an img without src', '<img alt="x">', []]
])('%s', async (_, text, expected) => {
  expect(await links(text)).toEqual(expected)
})

test('reference definitions count when an image uses them (full, collapsed, shortcut; case-insensitive), the first of a label only', async () => {
  const text = '![a][one] ![Two][] ![THREE] [link][four]\n\n[one]: 1.png\n[two]: <2 two.png> "t"\n[three]:\n  3.png\n[four]: 4.png\n[one]: other.png\n'
  expect(await links(text)).toEqual([
    ['bare', '1.png', '1.png'],
    ['angle', '2 two.png', '2 two.png'],
    ['bare', '3.png', '3.png']
  ])
})

test('line numbers count CRLF, CR and LF line endings', async () => {
  const found = await findImageLinks('a\r\nb\rc\n![x](x.png)\r\n<img src="y.png">\n')
  expect(found.map((link) => link.line)).toEqual([4, 5])
})

test('offsets count UTF-16 code units as JavaScript strings do, emoji and Chinese included', async () => {
  expect(await links('😀 中文 <img src="a.png"> 😀😀 ![x](b.png)\n<p>😀<img src=c.png></p>\n')).toEqual([
    ['html-double', 'a.png', 'a.png'],
    ['bare', 'b.png', 'b.png'],
    ['html-unquoted', 'c.png', 'c.png']
  ])
})
