import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { removeFile, removeFolder } from '../../../src/commands/local-paths/remove'

let dir = ''
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'remove-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

test('removeFile removes the file, is fine when it is already gone, and removes a link, not what it points to', async () => {
  const file = join(dir, 'temp')
  writeFileSync(file, 'x')
  await removeFile(file)
  expect(existsSync(file)).toBe(false)
  await expect(removeFile(file)).resolves.toBeUndefined()

  const target = join(dir, 'users-note.md')
  writeFileSync(target, 'keep me')
  symlinkSync(target, join(dir, 'link'))
  await removeFile(join(dir, 'link'))
  expect(() => lstatSync(join(dir, 'link'))).toThrow()
  expect(readFileSync(target, 'utf8')).toBe('keep me')
})

test('removeFile refuses a folder rather than emptying it', async () => {
  mkdirSync(join(dir, 'folder'))
  await expect(removeFile(join(dir, 'folder'))).rejects.toThrow()
  expect(existsSync(join(dir, 'folder'))).toBe(true)
})

test('removeFolder removes a folder with what is in it, and is fine when it is already gone', async () => {
  const folder = join(dir, 'partial')
  mkdirSync(join(folder, 'a', 'b'), { recursive: true })
  writeFileSync(join(folder, 'a', 'b', 'part'), 'x')
  await removeFolder(folder)
  expect(existsSync(folder)).toBe(false)
  await expect(removeFolder(folder)).resolves.toBeUndefined()
})
