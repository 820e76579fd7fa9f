import { findImageLinks } from '../../../src/commands/migrate/find-links'

/** Each link as `syntax:form:target` with the exact source text it replaces, and what is written around a new URL. */
async function links(text: string): Promise<Array<[string, string, string, string]>> {
  return (await findImageLinks(text)).map((link) => [
    `${link.syntax ?? 'commonmark'}:${link.form}`,
    link.target,
    text.slice(link.start, link.end),
    (link.around ?? ['', '']).join('URL')
  ])
}

describe("Typora's lenient destinations", () => {
  test.each([
    [
      'raw spaces',
      '![x](2024-02-15 17-14-41 的屏幕截图.png)',
      [['typora:bare', '2024-02-15 17-14-41 的屏幕截图.png', '2024-02-15 17-14-41 的屏幕截图.png', 'URL']]
    ],
    ['raw spaces and a double-quoted title', '![a](assets/cat one.png "a title")', [['typora:bare', 'assets/cat one.png', 'assets/cat one.png', 'URL']]],
    ['a single-quoted title and spaces around', "![a](  my shot.png   'x' )", [['typora:bare', 'my shot.png', 'my shot.png', 'URL']]],
    ['balanced parentheses in the name', '![a](shot (1) copy.png)', [['typora:bare', 'shot (1) copy.png', 'shot (1) copy.png', 'URL']]],
    ['spaces and backslashes', '![d](..\\my assets\\deep one.png)', [['typora:bare', '..\\my assets\\deep one.png', '..\\my assets\\deep one.png', 'URL']]],
    ['a CommonMark image is found once, as CommonMark', '![a](x.png "t")', [['commonmark:bare', 'x.png', 'x.png', 'URL']]],
    ['in a code span', '`![a](my shot.png)`', []],
    ['in a fence', '```\n![a](my shot.png)\n```\n', []],
    ['in indented code', '    ![a](my shot.png)\n', []],
    ['escaped', '\\![a](my shot.png)', []],
    ['not across lines', '![a](my\nshot.png)', []],
    ['a link is no image', '[a](my shot.png)', []]
  ])('%s', async (_, text, expected) => {
    expect(await links(text)).toEqual(expected)
  })
})

describe('Obsidian embeds', () => {
  test.each([
    ['plain', '![[image.png]]', [['obsidian:bare', 'image.png', '![[image.png]]', '![](URL)']]],
    ['a width', '![[image.png|300]]', [['obsidian:bare', 'image.png', '![[image.png|300]]', '![|300](URL)']]],
    ['a size', '![[image.png|300x200]]', [['obsidian:bare', 'image.png', '![[image.png|300x200]]', '![|300x200](URL)']]],
    ['alt text', '![[image.png|a cat]]', [['obsidian:bare', 'image.png', '![[image.png|a cat]]', '![a cat](URL)']]],
    ['a folder and spaces', 'see ![[sub/my image.JPG]] here', [['obsidian:bare', 'sub/my image.JPG', '![[sub/my image.JPG]]', '![](URL)']]],
    ['a note embed is no image', '![[Meeting notes]] ![[a.pdf]]', []],
    ['a link to an image is no embed', '[[image.png]]', []],
    ['in a code span', '`![[image.png]]`', []],
    ['in a fence', '~~~\n![[image.png]]\n~~~\n', []]
  ])('%s', async (_, text, expected) => {
    expect(await links(text)).toEqual(expected)
  })
})

test('every form in one note, in order, with its line', async () => {
  const text = '# t\r\n![a](a b.png)\n\n![[c.png|10]] and ![d](d.png)\n'
  expect((await findImageLinks(text)).map((link) => [link.target, link.line])).toEqual([
    ['a b.png', 2],
    ['c.png', 4],
    ['d.png', 4]
  ])
})
