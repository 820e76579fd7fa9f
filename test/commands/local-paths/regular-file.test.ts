import { execFileSync } from 'node:child_process'
import { symlinkSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { openRegularFile } from '../../../src/commands/local-paths/regular-file'
import { tempDir } from '../../helpers/picgo'

describe('openRegularFile: a file read by range', () => {
  test('reads any range of the file, as often as asked, and fewer bytes once the file shrank', async () => {
    const path = join(tempDir(), 'a.bin')
    writeFileSync(path, '0123456789')
    const file = await openRegularFile(path, { followLinks: false })
    try {
      expect(file.size).toBe(10)
      expect((await file.read(3, 7)).toString()).toBe('3456')
      expect((await file.read(0, 10)).toString()).toBe('0123456789')
      truncateSync(path, 5)
      expect((await file.read(3, 7)).toString()).toBe('34')
    } finally {
      await file.close()
    }
  })

  test('a symbolic link is refused when links are not followed', async () => {
    const folder = tempDir()
    writeFileSync(join(folder, 'target.bin'), 'x')
    symlinkSync(join(folder, 'target.bin'), join(folder, 'link.bin'))
    await expect(openRegularFile(join(folder, 'link.bin'), { followLinks: false })).rejects.toThrow(/link\.bin is a symbolic link: not followed/)
  })

  test('a FIFO is refused at once, not waited on', async () => {
    const fifo = join(tempDir(), 'pipe')
    execFileSync('mkfifo', [fifo])
    await expect(openRegularFile(fifo)).rejects.toThrow(/pipe is not a regular file \(a FIFO, a device, a socket or a folder\): not read/)
  })
})
