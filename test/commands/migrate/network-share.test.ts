// Issue 24: a target on another machine's share is remote (Windows would open it over SMB), by path logic alone.
import { resolveTarget } from '../../../src/commands/migrate/targets'
import { networkShareOf } from '../../../src/commands/migrate/network-share'

const rules = (includeRemote: boolean) => ({ ownBases: [], exclude: [], includeRemote })

test.each([
  ['file://host/share/a.png', 'host'],
  ['\\\\host\\share\\a.png', 'host'],
  ['\\\\?\\UNC\\nas\\photos\\a.png', 'nas'],
  ['file:///home/me/a.png', undefined],
  ['file://localhost/home/me/a.png', undefined],
  ['\\\\?\\C:\\pictures\\a.png', undefined],
  ['C:\\pictures\\a.png', undefined],
  ['images/a.png', undefined]
])('%s is on the share of %s', (target, host) => {
  expect(networkShareOf(target)).toBe(host)
})

test.each(['file://host/share/a.png', '\\\\host\\share\\a.png'])('%s is skipped as remote without --include-remote', (target) => {
  expect(resolveTarget(target, '/notes/note.md', rules(false))).toEqual({
    kind: 'skip',
    reason: `on another machine's share (host): read over the network only with --include-remote`
  })
  expect(resolveTarget(target, '/notes/note.md', rules(true)).kind).not.toBe('skip')
})
