import { join } from 'node:path'
import { PicGo } from 'picgo'
import plugin = require('../src/index')
import { tempDir } from './helpers/picgo'

test("the settings form is the uploader's only: no plugin-level config that would save answers under a key never read", () => {
  const picgo = new PicGo(join(tempDir(), 'config.json'))
  const registered = picgo.use(plugin, 'picgo-plugin-aliyun-oss-plus')
  expect(registered.config).toBeUndefined()
  const uploader = picgo.helper.uploader.get('aliyun-oss-plus')
  const form = uploader?.config?.(picgo) ?? []
  expect(form.map((item) => item.name)).toEqual(expect.arrayContaining(['accessKeyId', 'accessKeySecret', 'bucket', 'region']))
})
