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

  test('--to-prefix may not hold "." or ".." segments', () => {
    expect(restorePrefix('moved/')).toBe('moved/')
    expect(() => restorePrefix('../up/')).toThrow(/Expected a key prefix without "\." or "\.\." segments for "--to-prefix" but received "\.\.\/up\/"/)
  })
})
