// convertTo "avif" never stores more bytes than the default path would have: through the real PicGo, real sharp,
// the local OSS server; each image is uploaded once with the defaults and once asking for AVIF.
import { sniffFormat } from '../../src/image/image-format'
import { photoJpeg, screenshotPng } from '../fixtures/images'
import { localSettings } from '../helpers/picgo'
import { useOssServer } from '../helpers/oss-server'
import { storedAt, uploadFiles } from '../helpers/upload'

const server = useOssServer()

async function stored(name: string, bytes: Buffer, settings: Record<string, unknown>): Promise<{ body: Buffer; log: string }> {
  const { urls, error, logs } = await uploadFiles(localSettings(server, settings), { [name]: bytes })
  if (error) throw error
  return { body: storedAt(server, urls[0]!).body, log: logs.join('\n') }
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
