import { backupPrefix, parseConcurrency, restorePrefix } from '../../../src/commands/backup/options'

describe('backup options', () => {
  test.each([
    ['img/', {}, 'img/'],
    ['img/{year}/{month}/', {}, 'img/'],
    ['blog/pre{year}', {}, 'blog/pre'],
    ['{year}/', {}, ''],
    ['', {}, ''],
    ['img/', { prefix: '/other/' }, 'other/'],
    ['img/', { all: true }, '']
  ])('path %j with %j backs up prefix %j', (path, flags, prefix) => {
    expect(backupPrefix({ path }, flags)).toBe(prefix)
  })

  test('--prefix and --all together are refused', () => {
    expect(() => backupPrefix({ path: 'img/' }, { all: true, prefix: 'x/' })).toThrow('Expected no prefix together with --all for "--prefix" but received "x/"')
  })

  test.each(['0', '17', '2.5', 'many'])('--concurrency %j is refused with the value received', (value) => {
    expect(() => parseConcurrency(value)).toThrow(`Expected an integer between 1 and 16 for "--concurrency" but received "${value}"`)
  })

  test('--concurrency defaults to 4', () => {
    expect(parseConcurrency(undefined)).toBe(4)
    expect(parseConcurrency('8')).toBe(8)
  })

  test('--to-prefix may not hold "." or ".." segments or a control character, or be longer than a key', () => {
    expect(restorePrefix('moved/')).toBe('moved/')
    expect(restorePrefix('/moved/')).toBe('moved/')
    expect(() => restorePrefix('../up/')).toThrow(
      'Expected a key prefix OSS takes as itself (this one has a "." or ".." segment, which ali-oss resolves before sending) for "--to-prefix" but received "../up/"'
    )
    expect(() => restorePrefix('bell\u0007/')).toThrow(
      /\(this one holds the control character U\+0007, which the plugin never sends in a key\) for "--to-prefix"/
    )
    expect(() => restorePrefix(`${'p'.repeat(1024)}/`)).toThrow(/\(this one is 1025 bytes long; OSS allows 1023\)/)
  })
})
