import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { localSettings, tempDir } from '../helpers/picgo'
import { installPackedPlugin, runPicGo, writePicGoConfig } from '../../tools/picgo-home'
import { useOssServer } from '../helpers/oss-server'

const server = useOssServer()
let home: string

beforeAll(async () => {
  home = tempDir('picgo-home-')
  installPackedPlugin(home)
}, 120_000)

test('`picgo upload` prints the URLs as the last lines of stdout, one per file, as Typora reads them', async () => {
  const configPath = writePicGoConfig(home, localSettings(server))
  const png = join(home, 'a.png')
  const jpg = join(home, '中文 名字.jpg')
  writeFileSync(
    png,
    await sharp({ create: { width: 64, height: 48, channels: 3, background: '#336699' } })
      .png()
      .toBuffer()
  )
  writeFileSync(
    jpg,
    await sharp({ create: { width: 64, height: 48, channels: 3, background: '#cc6633' } })
      .jpeg({ quality: 95 })
      .toBuffer()
  )

  const result = await runPicGo(['-c', configPath, 'upload', png, jpg], home)

  expect(result.code).toBe(0)
  const lines = result.stdout.replace(/\n$/, '').split('\n')
  const urls = lines.slice(-2)
  for (const url of urls) {
    expect(url).toMatch(new RegExp(`^${server.url}/test-bucket/img/[0-9a-f]{16}\\.(png|jpg)$`))
    expect(url).not.toMatch(/\s/)
    const response = await fetch(url)
    expect(response.status).toBe(200)
  }
  expect(urls[0]).toMatch(/\.png$/)
  expect(urls[1]).toMatch(/\.jpg$/)
  expect(lines.at(-3)).toMatch(/\[PicGo SUCCESS\]/)
  expect(server.listKeys('test-bucket')).toHaveLength(2)
}, 60_000)

test('when one file of three fails, the other two URLs stay on their lines and the failure is named', async () => {
  const configPath = writePicGoConfig(home, localSettings(server))
  const files = ['first.png', 'empty.png', 'third.png'].map((name) => join(home, name))
  writeFileSync(
    files[0] as string,
    await sharp({ create: { width: 8, height: 8, channels: 3, background: '#010203' } })
      .png()
      .toBuffer()
  )
  writeFileSync(files[1] as string, Buffer.alloc(0))
  writeFileSync(
    files[2] as string,
    await sharp({ create: { width: 8, height: 8, channels: 3, background: '#040506' } })
      .png()
      .toBuffer()
  )

  const result = await runPicGo(['-c', configPath, 'upload', ...files], home)

  const lines = result.stdout.replace(/\n$/, '').split('\n')
  // PicGo ends its output with the URL lines; Typora maps the last N lines to the N files in order.
  const last = lines.slice(-3)
  expect(last[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/test-bucket\/img\/[0-9a-f]{16}\.png$/)
  expect(last[1]).toBe('')
  expect(last[2]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/test-bucket\/img\/[0-9a-f]{16}\.png$/)
  expect(result.stdout).toMatch(/empty\.png: the file is empty/)
}, 60_000)
