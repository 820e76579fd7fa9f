import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { startOssServer, type OssServer } from '../oss-server'
import { localSettings, TEST_AK, tempDir } from '../helpers/picgo'
import { installPackedPlugin, runPicGo, writePicGoConfig } from '../../scripts/picgo-home'

let server: OssServer
let home: string

beforeAll(async () => {
  server = await startOssServer({ credentials: [TEST_AK] })
  home = tempDir('picgo-home-')
  installPackedPlugin(home)
}, 120_000)
afterAll(() => server.close())

test('`picgo upload` prints the URLs as the last lines of stdout, one per file, as Typora reads them', async () => {
  const configPath = writePicGoConfig(home, localSettings(server))
  const png = join(home, 'a.png')
  const jpg = join(home, '中文 名字.jpg')
  writeFileSync(png, await sharp({ create: { width: 64, height: 48, channels: 3, background: '#336699' } }).png().toBuffer())
  writeFileSync(jpg, await sharp({ create: { width: 64, height: 48, channels: 3, background: '#cc6633' } }).jpeg({ quality: 95 }).toBuffer())

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
