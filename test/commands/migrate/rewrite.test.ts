import { findImageLinks } from '../../../src/commands/migrate/find-links'
import type { LinkForm } from '../../../src/commands/migrate/image-link'
import { rewriteText, writtenTarget } from '../../../src/commands/migrate/rewrite'

const AWKWARD = 'https://cdn.example.com/img/a (1) b.png?x-oss-process=style/w&t="1"\'<>\\'

test.each<[LinkForm, string]>([
  ['bare', '![a](x.png "t")'],
  ['angle', '![a](<x y.png> "t")'],
  ['html-double', '<img src="x.png" alt="a">'],
  ['html-single', "<img src='x.png' alt='a'>"],
  ['html-unquoted', '<img src=x.png alt=a>']
])('a URL written in place of a %s target reads back as the same URL, and nothing else changes', async (form, text) => {
  const [link] = await findImageLinks(text)
  expect(link?.form).toBe(form)
  const rewritten = rewriteText(text, [{ start: link!.start, end: link!.end, form, url: AWKWARD }])
  const [reread] = await findImageLinks(rewritten)
  // Markdown may need spaces, parentheses, "<", ">" and "\\" %-encoded; HTML reads back the URL itself.
  expect(form.startsWith('html') ? reread!.target : decodeURIComponent(reread!.target)).toBe(AWKWARD)
  const quoted = form === 'html-unquoted' ? 1 : 0
  expect(rewritten.slice(0, link!.start)).toBe(text.slice(0, link!.start))
  expect(rewritten.slice(reread!.end + quoted)).toBe(text.slice(link!.end))
})

test('an ordinary OSS URL is written as it is in every form', () => {
  const url = 'https://b.oss-cn-hangzhou.aliyuncs.com/img/ab12.png'
  for (const form of ['bare', 'angle', 'html-double', 'html-single', 'html-unquoted'] as const) expect(writtenTarget(url, form)).toBe(url)
})

test('replacements apply in any order; the text between them is kept byte for byte', () => {
  const text = '\uFEFFa \r\n![x](1.png)  \r\n![y](2.png)'
  const at = (target: string): { start: number; end: number } => ({ start: text.indexOf(target), end: text.indexOf(target) + target.length })
  const out = rewriteText(text, [
    { ...at('2.png'), form: 'bare', url: 'B' },
    { ...at('1.png'), form: 'bare', url: 'A' }
  ])
  expect(out).toBe('\uFEFFa \r\n![x](A)  \r\n![y](B)')
})
