import { printable } from '../../src/errors'

test.each([
  ['plain 中文 名字.png', 'plain 中文 名字.png'],
  ['x.png\n[PicGo SUCCESS]: \nhttp://evil.example/x.png', 'x.png\\n[PicGo SUCCESS]: \\nhttp://evil.example/x.png'],
  ['\u001b[2Jwiped.png', '\\x1b[2Jwiped.png'],
  ['a\rb\tc\u0000d\u007f\u009b', 'a\\rb\\tc\\x00d\\x7f\\x9b'],
  ['gnp.\u202eexe', 'gnp.\\u202eexe'],
  ['line\u2028sep', 'line\\u2028sep']
])('printable(%j) escapes what could forge a line or a terminal sequence', (name, shown) => {
  expect(printable(name)).toBe(shown)
})
