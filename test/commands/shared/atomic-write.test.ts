// Issue 24: a failed atomic write (here a real EFBIG: the file-size limit of the process, as a full disk would fail
// it) removes its temp file and leaves the original as it was.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { REPO_ROOT } from '../../../tools/picgo-home'
import { tempDir } from '../../helpers/picgo'

test('a write that fails part-way leaves no hidden temp file beside the note', () => {
  const module = join(REPO_ROOT, 'dist', 'commands', 'shared', 'atomic-write.js')
  if (!existsSync(module)) throw new Error('dist/ is missing or stale: run `npm run build` first')
  const folder = tempDir('atomic-write-')
  const note = join(folder, 'note.md')
  writeFileSync(note, 'original')
  const script = `require(${JSON.stringify(module)}).writeFileAtomically(${JSON.stringify(note)}, Buffer.alloc(64 * 1024, 97)).then(() => console.log('written'), (e) => console.log(e.code))`
  // SIGXFSZ ignored, so the write fails with EFBIG instead of killing the process; 8 blocks = 8 KB at most per file.
  const run = spawnSync('bash', ['-c', 'trap "" XFSZ; ulimit -f 8; exec "$0" -e "$1"', process.execPath, script], { encoding: 'utf8' })

  expect(run.stdout.trim()).toBe('EFBIG')
  expect(readdirSync(folder)).toEqual(['note.md'])
  expect(readFileSync(note, 'utf8')).toBe('original')
})
