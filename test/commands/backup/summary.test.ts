import type { BackupSummary } from '../../../src/commands/backup/run'
import { backupExitCode, formatBackupSummary } from '../../../src/commands/backup/summary'

const summary = (overrides: Partial<BackupSummary> = {}): BackupSummary => ({
  bucket: 'my-images',
  prefix: 'img/',
  folder: '/backups/img',
  dryRun: false,
  listed: 2504,
  downloaded: 2502,
  downloadedBytes: 479_334,
  unchanged: 0,
  skipped: [],
  failed: [],
  retried: [],
  renamed: [],
  untrusted: [],
  onlyInBackup: [],
  wallMs: 12_800,
  ...overrides
})

test('the first line counts everything; skipped keys alone keep exit code 0, a failed download makes it 1', () => {
  const ok = summary({ skipped: [{ key: '../x', reason: 'the key has a "." or ".." segment' }] })
  expect(formatBackupSummary(ok)).toEqual([
    'aliyun-oss-plus: backup of my-images/img/ to /backups/img: 2504 listed, 2502 downloaded (468 KB), 0 unchanged, 1 skipped, 0 failed, 0 only in the backup; 12.8 s',
    '  skipped: ../x: the key has a "." or ".." segment'
  ])
  expect(backupExitCode(ok)).toBe(0)
  expect(backupExitCode(summary({ failed: [{ key: 'img/a.png', reason: 'x' }] }))).toBe(1)
})

test('keys are printed with control characters escaped, so a key cannot drive the terminal', () => {
  const lines = formatBackupSummary(summary({ failed: [{ key: 'img/\u001b[2Jevil\n.png', reason: '[GET] img/\u001b[2Jevil\n.png: 503' }] }))
  expect(lines[1]).toBe('  failed: img/\\x1b[2Jevil\\n.png: [GET] img/\\x1b[2Jevil\\n.png: 503')
  expect(lines.join('\n')).not.toMatch(/\u001b/)
})

test('long lists name the first 20 and count the rest', () => {
  const onlyInBackup = Array.from({ length: 25 }, (_, i) => `img/${i}.png`)
  const lines = formatBackupSummary(summary({ onlyInBackup }))
  expect(lines).toHaveLength(1 + 20 + 1)
  expect(lines.at(-1)).toBe('  … and 5 more only in the backup (deleted from the bucket, kept here)')
})
