import { hashedPathOf } from '../../../src/commands/backup/local-path'
import { PathClaims } from '../../../src/commands/backup/path-claims'

describe('PathClaims: no two keys share a file, even on case-insensitive file systems', () => {
  test('distinct paths are granted as asked', () => {
    const claims = new PathClaims()
    expect(claims.claim('img/a.png', 'img/a.png')).toEqual({ path: 'img/a.png' })
    expect(claims.claim('img/b.png', 'img/b.png')).toEqual({ path: 'img/b.png' })
  })

  test('a key differing only in case gets its hashed path', () => {
    const claims = new PathClaims()
    claims.claim('img/A.png', 'img/A.png')
    expect(claims.claim('img/a.png', 'img/a.png')).toEqual({ path: hashedPathOf('img/a.png'), clash: expect.stringMatching(/taken by "img\/A\.png"/) })
  })

  test('a file where another key needs a folder, in either order', () => {
    const fileFirst = new PathClaims()
    fileFirst.claim('photos', 'photos')
    expect(fileFirst.claim('photos/x.png', 'photos/x.png').path).toBe(hashedPathOf('photos/x.png'))

    const folderFirst = new PathClaims()
    folderFirst.claim('Photos/x.png', 'Photos/x.png')
    expect(folderFirst.claim('photos', 'photos')).toEqual({ path: hashedPathOf('photos'), clash: 'its path is a folder of other keys' })
  })

  test('a path the manifest recorded keeps its key; the same key claiming it again gets it', () => {
    const claims = new PathClaims()
    claims.reserve('img/a.png', 'img/a.png')
    expect(claims.claim('img/a.png', 'img/a.png')).toEqual({ path: 'img/a.png' })
    expect(claims.claim('IMG/A.png', 'IMG/A.png').path).toBe(hashedPathOf('IMG/A.png'))
  })
})
