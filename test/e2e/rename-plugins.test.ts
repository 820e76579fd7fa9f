// How the plugin composes with rename plugins: the real picgo-plugin-rename-file (a beforeUploadPlugins plugin that
// sets fileName, folders included) runs before our uploader in a real PicGo.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import renameFile = require('picgo-plugin-rename-file')
import { KNOWN_IMAGES_FILE } from '../../src/uploader/known-images'
import { createPicGo, keyOfUrl, localSettings } from '../helpers/picgo'
import { useOssServer } from '../helpers/oss-server'
import { uploadFiles } from '../helpers/upload'

const server = useOssServer()
let shade = 0

async function uploadRenamed(format: string, fileName: string, path = 'img/'): Promise<string> {
  const session = createPicGo(localSettings(server, { fileName, path }))
  const { picgo, cleanup } = session
  try {
    picgo.use(renameFile, 'picgo-plugin-rename-file')
    picgo.setConfig({ 'picgo-plugin-rename-file': { format } })
    const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: { r: ++shade, g: 5, b: 5 } } })
      .png()
      .toBuffer()
    const { items, error } = await uploadFiles(session, { 'my photo.png': png })
    if (error) throw error
    const url = items[0]?.imgUrl
    if (!url) throw new Error('no URL')
    expect(server.listKeys('test-bucket')).toContain(keyOfUrl(url))
    return keyOfUrl(url)
  } finally {
    await cleanup()
  }
}

test('with fileName "{name}.{ext}" the key keeps the folders rename-file put in the name, under "path"', async () => {
  const year = String(new Date().getFullYear())
  const key = await uploadRenamed('notes/{y}/{m}/{origin}-{rand:6}', '{name}.{ext}')

  expect(key).toMatch(new RegExp(`^img/notes/${year}/\\d{2}/my-photo-[0-9a-f]{6}\\.png$`))
})

test('folders a rename plugin cannot be trusted with (.., absolute) stay inside "path"', async () => {
  const key = await uploadRenamed('/../../escape/{origin}', '{name}.{ext}')

  expect(key).toBe('img/escape/my-photo.png')
})

test('the default "{hash}.{ext}" names by content: the rename plugin\'s name is not used', async () => {
  const key = await uploadRenamed('notes/{origin}', '{hash}.{ext}')

  expect(key).toMatch(/^img\/[0-9a-f]{16}\.png$/)
})

test('{localFolder:N} names the object after the folders of the file PicGo read, and a known image keeps per-folder keys', async () => {
  const { picgo, dir, cleanup } = createPicGo(localSettings(server, { path: 'by-folder/{localFolder:2}/', fileName: 'shot.{ext}', compress: false }))
  try {
    const bytes = await sharp({ create: { width: 12, height: 12, channels: 3, background: '#3366aa' } })
      .png()
      .toBuffer()
    const files = [join(dir, 'My Notes', '2024', 'shot.png'), join(dir, 'Other', 'May', 'shot.png')]
    for (const file of files) {
      mkdirSync(join(file, '..'), { recursive: true })
      writeFileSync(file, bytes)
    }
    // The second round answers from the known-images file, which must key each folder's copy apart.
    for (let round = 0; round < 2; round++) {
      const output = await picgo.upload(files)
      if (output instanceof Error) throw output
      expect(output.map((item) => keyOfUrl(item.imgUrl as string))).toEqual(['by-folder/My-Notes/2024/shot.png', 'by-folder/Other/May/shot.png'])
    }
    expect(Object.keys(JSON.parse(readFileSync(join(dir, KNOWN_IMAGES_FILE), 'utf8')).entries)).toHaveLength(2)
  } finally {
    await cleanup()
  }
})
