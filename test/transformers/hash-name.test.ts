import { hashName, type NameOptions } from '../../src/transformers/hash-name'
import { usesPlaceholder, variesPerUpload } from '../../src/naming/key-template'
import type { NamedImage, StageImage } from '../../src/transformers/types'

const HELLO_SHA256 = '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824'
const HELLO_MD5 = '5d41402abc4b2a76b9719d911017c592'
// 2026-03-05 07:08:09.010 local time
const FIXED_DATE = new Date(2026, 2, 5, 7, 8, 9, 10)
const image: StageImage = { buffer: Buffer.from('hello'), fileName: '中文 名字.jpg', extname: '.jpg', contentType: 'image/jpeg' }

const name = (path: string, fileName: string, input: StageImage = image): Promise<NamedImage> => {
  const options: NameOptions = { path, fileName, now: () => FIXED_DATE, uuid: () => '123e4567-e89b-12d3-a456-426614174000' }
  return hashName(input, options)
}

describe('hashName', () => {
  test.each([
    ['img/', '{hash}.{ext}', `img/${HELLO_SHA256.slice(0, 16)}.jpg`],
    ['', '{hash:8}.{ext}', `${HELLO_SHA256.slice(0, 8)}.jpg`],
    ['', '{hash:64}.{ext}', `${HELLO_SHA256}.jpg`],
    ['', '{sha256}', HELLO_SHA256],
    ['', '{md5}.{ext}', `${HELLO_MD5}.jpg`],
    ['', '{name}.{ext}', '中文-名字.jpg'],
    ['img/{year}/{month}/{day}/', '{hour}{minute}{second}.{ext}', 'img/2026/03/05/070809.jpg'],
    ['', '{timestamp}.{ext}', `${FIXED_DATE.getTime()}.jpg`],
    ['', '{uuid}.{ext}', '123e4567-e89b-12d3-a456-426614174000.jpg'],
    ['blog/', '{name}-{hash:6}.{ext}', `blog/中文-名字-${HELLO_SHA256.slice(0, 6)}.jpg`]
  ])('path %p + fileName %p gives the golden key %p', async (path, fileName, expected) => {
    expect((await name(path, fileName)).key).toBe(expected)
  })

  test('keys are content-addressed only when a hash placeholder is used', async () => {
    expect((await name('img/', '{hash}.{ext}')).contentAddressed).toBe(true)
    expect((await name('img/', '{md5}.{ext}')).contentAddressed).toBe(true)
    expect((await name('img/', '{name}.{ext}')).contentAddressed).toBe(false)
    expect((await name('img/', '{uuid}.{ext}')).contentAddressed).toBe(false)
  })

  test('the same bytes give the same key, other bytes another key', async () => {
    const a = await name('img/', '{hash}.{ext}')
    const b = await name('img/', '{hash}.{ext}', { ...image, fileName: 'other.jpg' })
    const c = await name('img/', '{hash}.{ext}', { ...image, buffer: Buffer.from('hello!') })
    expect(a.key).toBe(b.key)
    expect(c.key).not.toBe(a.key)
  })

  test('{ext} is lower case and comes from the output format', async () => {
    expect((await name('', '{name}.{ext}', { ...image, fileName: 'PHOTO.PNG', extname: '.WEBP' })).key).toBe('PHOTO.webp')
  })

  test('returns a new object and leaves the input alone', async () => {
    const input = { ...image }
    const output = await name('img/', '{hash}.{ext}', input)
    expect(output).not.toBe(input)
    expect('key' in input).toBe(false)
  })
})

describe('key template properties', () => {
  test.each([
    ['img/{hash}.{ext}', false, false],
    ['img/{hash:8}-{name}.{ext}', false, true],
    ['{md5}/{sha256}.{ext}', false, false],
    ['img/{year}/{month}/{hash}.{ext}', true, false],
    ['{timestamp}.{ext}', true, false],
    ['{name}-{uuid}.{ext}', true, true],
    ['static/logo.png', false, false]
  ])('%s: varies per upload %s, uses {name} %s', (template, varies, usesName) => {
    expect(variesPerUpload(template)).toBe(varies)
    expect(usesPlaceholder(template, 'name')).toBe(usesName)
  })
})

// Rename plugins (picgo-plugin-rename-file, PicGo's own rename) set fileName before our uploader runs.
describe('names a rename plugin gave', () => {
  const renamed = (fileName: string): StageImage => ({ ...image, fileName })

  test.each([
    ['notes/2024/05/x-fa2c97.png', 'img/notes/2024/05/x-fa2c97.jpg'],
    ['../../etc/passwd.png', 'img/etc/passwd.jpg'],
    ['/abs//./dir/a b.png', 'img/abs/dir/a-b.jpg'],
    ['C:\\Users\\me\\截图.png', 'img/Users/me/截图.jpg'],
    ['dir#1/?/x.png', 'img/dir-1/x.jpg']
  ])('{name} keeps the folders of %p, safely: %p', async (fileName, expected) => {
    expect((await name('img/', '{name}.{ext}', renamed(fileName))).key).toBe(expected)
  })

  test('{hash} names by content alone, whatever name a rename plugin gave', async () => {
    expect((await name('img/', '{hash}.{ext}', renamed('notes/x.png'))).key).toBe(`img/${HELLO_SHA256.slice(0, 16)}.jpg`)
  })

  test('{rand:N} gives N random hex characters, {rand} six, each upload its own', async () => {
    const a = (await name('', '{rand:10}.{ext}')).key ?? ''
    const b = (await name('', '{rand:10}.{ext}')).key ?? ''
    expect(a).toMatch(/^[0-9a-f]{10}\.jpg$/)
    expect(b).not.toBe(a)
    expect((await name('', '{rand}.{ext}')).key).toMatch(/^[0-9a-f]{6}\.jpg$/)
    expect(variesPerUpload('{rand:4}')).toBe(true)
  })

  test('{localFolder:N} is the last N folders of the local file, safely; nothing without a local file', async () => {
    const local = { ...image, sourcePath: '/home/me/My Notes/2024/photo.jpg' }
    expect((await name('img/{localFolder:2}/', '{hash:6}.{ext}', local)).key).toBe(`img/My-Notes/2024/${HELLO_SHA256.slice(0, 6)}.jpg`)
    expect((await name('img/{localFolder}/', '{hash:6}.{ext}', local)).key).toBe(`img/2024/${HELLO_SHA256.slice(0, 6)}.jpg`)
    expect((await name('img/{localFolder:3}/', '{hash:6}.{ext}')).key).toBe(`img/${HELLO_SHA256.slice(0, 6)}.jpg`)
    expect((await name('', '{localFolder:9}/x.{ext}', { ...image, sourcePath: 'C:\\a\\..\\b\\x.png' })).key).toBe('a/b/x.jpg')
  })
})
