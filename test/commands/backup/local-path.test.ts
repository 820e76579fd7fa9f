import { hashedPathOf, localPathOf } from '../../../src/commands/backup/local-path'

describe('localPathOf: where a key lives under the backup folder', () => {
  test.each([
    ['img/ab12.png', 'img/ab12.png'],
    ['img/截图 2024/中文 图片.png', 'img/截图 2024/中文 图片.png'],
    ['a b/c+d=e&f.png', 'a b/c+d=e&f.png']
  ])('%s maps to itself', (key, path) => {
    expect(localPathOf(key)).toEqual({ kind: 'file', path })
  })

  test.each([
    ['CON.png', '%43ON.png'],
    ['img/con', 'img/%63on'],
    ['LPT1.tar.gz', '%4CPT1.tar.gz'],
    ['nul/x.png', '%6Eul/x.png'],
    ['a:b|c?.png', 'a%3Ab%7Cc%3F.png'],
    ['100%.png', '100%25.png'],
    ['ends with dot.', 'ends with dot%2E'],
    ['ends with space ', 'ends with space%20'],
    ['tab\there.png', 'tab%09here.png'],
    ['esc\u001b[31m.png', 'esc%1B[31m.png'],
    ['back\\slash.png', 'back%5Cslash.png']
  ])('%j is escaped to %j, the same path on every system', (key, path) => {
    const mapped = localPathOf(key)
    expect(mapped).toMatchObject({ kind: 'file', path })
    expect(mapped.kind === 'file' && mapped.note).toMatch(/written as %XX/)
  })

  test('keys that differ only where escaping happens never share a path', () => {
    const keys = ['a:b', 'a%3Ab', 'a%253Ab', 'CON', '%43ON', 'x.', 'x%2E']
    const paths = keys.map((key) => {
      const mapped = localPathOf(key)
      return mapped.kind === 'file' ? mapped.path : mapped.reason
    })
    expect(new Set(paths).size).toBe(keys.length)
  })

  test.each([
    ['../x', /"\." or "\.\." segment.*outside the backup folder/],
    ['a/../../b', /"\." or "\.\." segment/],
    ['img/./a.png', /"\." or "\.\." segment/],
    ['..', /"\." or "\.\." segment/],
    ['/abs.png', /starts with "\/", which ali-oss strips/],
    ['img/', /folder marker/],
    ['', /empty/]
  ])('%j is skipped: %s', (key, reason) => {
    const mapped = localPathOf(key)
    expect(mapped.kind).toBe('skip')
    expect(mapped.kind === 'skip' && mapped.reason).toMatch(reason)
  })

  test.each([
    ['a//b.png', /empty segment/],
    [`img/${'长'.repeat(90)}.png`, /longer than 255 bytes/],
    [`${'d/'.repeat(600)}x.png`, /longer than 1024 bytes/],
    ['.aliyun-oss-plus-backup/tmp/x.part', /backup's own/],
    ['.ALIYUN-OSS-PLUS-BACKUP.JSON', /backup's own/]
  ])("%j gets a name hashed from the key, under the backup's own folder (%s)", (key, why) => {
    const mapped = localPathOf(key)
    expect(mapped).toMatchObject({ kind: 'file', path: hashedPathOf(key) })
    expect(mapped.kind === 'file' && mapped.note).toMatch(why)
  })

  test('hashed names are fixed by the key and keep a plain extension', () => {
    expect(hashedPathOf('a//b.png')).toBe('.aliyun-oss-plus-backup/hashed/303850487cd9a040a4d6b1344285c277e7997bf5.png')
    expect(hashedPathOf('a//b.weird ext')).toMatch(/^\.aliyun-oss-plus-backup\/hashed\/[0-9a-f]{40}$/)
  })
})
