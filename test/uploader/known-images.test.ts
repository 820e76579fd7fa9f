import { resolveSettings } from '../../src/settings/config'
import { compressOptionsOf, stagesFor } from '../../src/transformers'
import { KnownImages } from '../../src/uploader/known-images'
import { tempDir } from '../helpers/picgo'

const base = { accessKeyId: 'ak', accessKeySecret: 'secret', bucket: 'b-1', region: 'oss-cn-hangzhou' }
const idUnder = (settings: Record<string, unknown>): string | undefined => {
  const resolved = resolveSettings({ ...base, ...settings })
  return KnownImages.open(tempDir(), resolved, stagesFor(resolved).outputIdentity)?.idOf({
    buffer: Buffer.from('the same input'),
    fileName: 'a.png',
    extname: '.png'
  })
}

test('an image is a new one for the known-images file when the settings would compress it differently', () => {
  const ids = [idUnder({ quality: 80 }), idUnder({ quality: 60 }), idUnder({ quality: 80, convertTo: 'webp' })]
  expect(ids.every((id) => typeof id === 'string')).toBe(true)
  expect(new Set(ids).size).toBe(ids.length)
  expect(idUnder({ quality: '80' })).toBe(ids[0])
})

/** A setting that changes each compression option; limitInputPixels is a constant of the plugin, no setting. */
const VARIANT_OF_OPTION: Record<string, Record<string, unknown> | 'constant'> = {
  quality: { quality: 60 },
  convertTo: { convertTo: 'avif' },
  formats: { formats: 'modern' },
  maxWidth: { maxWidth: 800 },
  maxHeight: { maxHeight: 600 },
  keepMetadata: { keepMetadata: true },
  limitInputPixels: 'constant'
}

test('every option of the compression stage changes the id: the fingerprint is made of the options, not a list beside them', () => {
  const options = Object.keys(compressOptionsOf(resolveSettings(base)))
  expect(options.filter((option) => !(option in VARIANT_OF_OPTION))).toEqual([])
  const baseline = idUnder({})
  for (const option of options) {
    const variant = VARIANT_OF_OPTION[option]
    if (variant !== 'constant') expect([option, idUnder(variant ?? {})]).not.toEqual([option, baseline])
  }
})

test('the other stages and the watermark change the id too', () => {
  const variants = [
    {},
    { compress: false },
    { compress: false, keepMetadata: true },
    { svg: 'keep' },
    { path: 'pics/' },
    { fileName: '{hash:16}-x.{ext}' },
    { watermark: 'text', watermarkText: '© me' },
    { watermark: 'text', watermarkText: '© you' },
    { watermark: 'text', watermarkText: '© me', watermarkPosition: 'tile' },
    { watermark: 'text', watermarkText: '© me', watermarkAnimated: true }
  ]
  const ids = variants.map((variant) => idUnder(variant))
  expect(new Set(ids).size).toBe(variants.length)
})
