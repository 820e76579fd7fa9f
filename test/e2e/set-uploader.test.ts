// `picgo set uploader aliyun-oss-plus` through the real picgo 3.1.0 CLI, typed at as a user would.
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { linkPlugin, PICGO_BIN } from '../../tools/picgo-home'
import { tempDir } from '../helpers/picgo'
import { answerCli } from '../helpers/prompts'

let home = ''
beforeAll(() => {
  home = tempDir('picgo-set-')
  linkPlugin(home)
})
afterAll(() => rmSync(home, { recursive: true, force: true }))

test('a first-time user answers the config name and the named essentials, declines the rest, and gets a working config', async () => {
  const config = join(home, 'config.json')
  const { code, screen } = await answerCli(PICGO_BIN, ['-c', config, 'set', 'uploader', 'aliyun-oss-plus'], home, [
    ['Enter config name', 'default'],
    ['accessKeyId: ', 'my-ak'],
    ['accessKeySecret: ', 'my-secret'],
    ['bucket: ', 'my-bucket'],
    ['region: ', 'oss-cn-beijing'],
    // Beijing is in the mainland: the bound-domain question; an account opened before 2025-03-20 leaves it empty.
    ['boundDomain: ', ''],
    ['customUrl: ', ''],
    // Ctrl-U erases the shown default, as a user editing the line does; the emptied answer keeps img/.
    ['path: ', '\u0015'],
    ['Change the other 36 settings', '']
  ])

  expect(code).toBe(0)
  expect(screen).toMatch(/Configure config successfully/)
  expect(screen).not.toMatch(/\? (quality|timeout|fileName|endpoint):/)
  const saved = JSON.parse(readFileSync(config, 'utf8')).picBed['aliyun-oss-plus']
  expect(saved).toMatchObject({
    accessKeyId: 'my-ak',
    accessKeySecret: 'my-secret',
    bucket: 'my-bucket',
    region: 'oss-cn-beijing',
    customUrl: '',
    path: 'img/',
    _configName: 'default'
  })
  expect(
    Object.keys(saved)
      .filter((key) => !key.startsWith('_'))
      .sort()
  ).toEqual(['accessKeyId', 'accessKeySecret', 'bucket', 'customUrl', 'path', 'region'])
}, 60_000)
