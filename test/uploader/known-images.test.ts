import { resolveSettings } from '../../src/config'
import { KnownImages } from '../../src/uploader/known-images'
import { tempDir } from '../helpers/picgo'

const base = { accessKeyId: 'ak', accessKeySecret: 'secret', bucket: 'b-1', region: 'oss-cn-hangzhou' }
const idUnder = (settings: Record<string, unknown>): string | undefined =>
  KnownImages.open(tempDir(), resolveSettings({ ...base, ...settings }), true)?.idOf({ buffer: Buffer.from('the same input'), fileName: 'a.png', extname: '.png' })

test('an image is a new one for the known-images file when the settings would compress it differently', () => {
  const ids = [
    idUnder({ quality: 80 }),
    idUnder({ quality: 'auto', autoQualityFloor: 'balanced' }),
    idUnder({ quality: 'auto', autoQualityFloor: 'high' }),
    idUnder({ quality: 80, convertTo: 'webp' })
  ]
  expect(ids.every((id) => typeof id === 'string')).toBe(true)
  expect(new Set(ids).size).toBe(ids.length)
  expect(idUnder({ quality: 80, autoQualityFloor: 'high' })).toBe(ids[0])
})
