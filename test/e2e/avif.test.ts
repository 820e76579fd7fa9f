// convertTo "avif" never stores more bytes than the default path would have: through the real PicGo, real sharp,
// the local OSS server; each image is uploaded once with the defaults and once asking for AVIF.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { sniffFormat } from '../../src/image/image-format'
import { startOssServer, type OssServer } from '../../tools/oss-server'
import { photoJpeg, screenshotPng } from '../fixtures/images'
import { createPicGo, keyOfUrl, localSettings, TEST_AK } from '../helpers/picgo'

let server: OssServer
beforeAll(async () => {
  server = await startOssServer({ credentials: [TEST_AK] })
})
afterAll(() => server.close())

async function stored(name: string, bytes: Buffer, settings: Record<string, unknown>): Promise<{ body: Buffer; log: string }> {
  const session = createPicGo(localSettings(server, settings))
  try {
    const file = join(session.dir, name)
    writeFileSync(file, bytes)
    const [item] = await session.picgo.upload([file]) as Array<{ imgUrl: string }>
    return { body: server.getObject('test-bucket', keyOfUrl(item!.imgUrl))!.body, log: session.logs.join('\n') }
  } finally {
    await session.cleanup()
  }
}

test.each([
  ['a screenshot, where palette PNG wins', 'screen.png', () => screenshotPng({ width: 400, height: 300 })],
  ['a photo', 'photo.jpg', () => photoJpeg({ width: 400, height: 300 })]
])('%s: the AVIF setting stores no more bytes than the default path', async (_, name, make) => {
  const input = await make()
  const standard = await stored(name, input, {})
  const avif = await stored(name, input, { convertTo: 'avif' })
  expect(avif.body.length).toBeLessThanOrEqual(standard.body.length)
  if (sniffFormat(avif.body) !== 'avif') {
    expect(avif.body.equals(standard.body)).toBe(true)
    expect(avif.log).toMatch(new RegExp(`${name.replace('.', '\\.')}: .*AVIF( \\(.*\\))? was not smaller than the default path's`))
  }
})
