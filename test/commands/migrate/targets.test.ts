import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { frontMatterOf, withoutFrontMatter } from '../../../src/commands/migrate/front-matter'
import { resolveTarget, type TargetRules } from '../../../src/commands/migrate/targets'
import { tempDir } from '../../helpers/picgo'

const vault = tempDir('migrate-targets-')
const note = join(vault, 'notes', 'note.md')
for (const file of ['notes/assets/my pic.png', 'notes/assets/中文.png', 'shared/a.png', 'root/img/r.png', 'notes/100%.png']) {
  mkdirSync(join(vault, file, '..'), { recursive: true })
  writeFileSync(join(vault, file), 'x')
}
const rules: TargetRules = { ownBases: ['https://cdn.example.com/'], exclude: ['https://keep.example.com/'], includeRemote: true }
const local = (path: string) => ({ kind: 'local', path: join(vault, path) })

test.each([
  ['assets/my pic.png', local('notes/assets/my pic.png')],
  ['./assets/my%20pic.png', local('notes/assets/my pic.png')],
  ['assets\\my pic.png', local('notes/assets/my pic.png')],
  ['.\\assets\\%E4%B8%AD%E6%96%87.png', local('notes/assets/中文.png')],
  ['../shared/a.png', local('shared/a.png')],
  ['100%.png', local('notes/100%.png')],
  ['assets/中文.png?raw=1#x', local('notes/assets/中文.png')],
  [join(vault, 'shared/a.png'), local('shared/a.png')],
  [pathToFileURL(join(vault, 'notes/assets/my pic.png')).href, local('notes/assets/my pic.png')],
  ['assets/none.png', { kind: 'missing', reason: `file not found: ${join(vault, 'notes/assets/none.png')}` }],
  ['assets', { kind: 'missing', reason: `not a file: ${join(vault, 'notes/assets')}` }],
  ['https://cdn.example.com/img/a.png', { kind: 'skip', reason: 'already on OSS' }],
  ['https://keep.example.com/a.png', { kind: 'skip', reason: 'excluded by --exclude' }],
  ['//other.example.com/a.png', { kind: 'remote', url: 'https://other.example.com/a.png' }],
  ['data:image/png;base64,AAAA', { kind: 'skip', reason: 'not a file (data: link)' }],
  ['  ', { kind: 'skip', reason: 'empty target' }]
])('%s', (target, expected) => {
  expect(resolveTarget(target, note, rules)).toEqual(expected)
})

test('remote images are left alone without --include-remote', () => {
  expect(resolveTarget('http://other.example.com/a.png', note, { ...rules, includeRemote: false })).toEqual({
    kind: 'skip',
    reason: 'remote (migrated only with --include-remote)'
  })
})

test('typora-root-url: targets starting with "/" are under the root, relative to the note; others stay relative to the note', () => {
  const text = '---\ntitle: x\ntypora-root-url: "../root"\n---\n![a](/img/r.png)'
  const matter = frontMatterOf(text)
  expect(matter.rootUrl).toBe('../root')
  expect(resolveTarget('/img/r.png', note, rules, matter.rootUrl)).toEqual(local('root/img/r.png'))
  expect(resolveTarget('assets/中文.png', note, rules, matter.rootUrl)).toEqual(local('notes/assets/中文.png'))
  // The parser sees blank lines where the front matter was: same offsets, same line numbers.
  const blanked = withoutFrontMatter(text, matter)
  expect(blanked).toHaveLength(text.length)
  expect(blanked.split('\n')).toHaveLength(text.split('\n').length)
  expect(blanked.trimStart()).toBe('![a](/img/r.png)')
})

test('no front matter, or one without typora-root-url', () => {
  expect(frontMatterOf('# x\n---\ntypora-root-url: x\n---\n')).toEqual({ end: 0 })
  expect(frontMatterOf('---\r\ntitle: x\r\n---\r\n# x').rootUrl).toBeUndefined()
})
