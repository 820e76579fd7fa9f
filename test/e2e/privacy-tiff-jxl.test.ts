// "keepMetadata: false" holds for TIFF and JPEG XL too: a TIFF (whose EXIF/GPS only re-encoding removes) goes up as a
// lossless PNG, or is refused by name when it cannot be re-encoded; a JPEG XL container goes up without its Exif and
// XMP boxes. Through the real PicGo (API, and the CLI with sharp blocked) and the local OSS server.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { linkPlugin, PICGO_BIN, runProcess, writePicGoConfig } from '../../tools/picgo-home'
import { photoPixels } from '../fixtures/images'
import { box, FIXTURE_MAKE, JXL_CODESTREAM, JXL_CONTAINER_START, jxlWithExif, tiffWithGps } from '../fixtures/tiff-jxl'
import { keyOfUrl, localSettings, tempDir } from '../helpers/picgo'
import { writeSharpBlocker } from '../helpers/no-sharp'
import { useOssServer } from '../helpers/oss-server'
import { uploadFiles } from '../helpers/upload'

const server = useOssServer()

const make = Buffer.from(FIXTURE_MAKE)

async function upload(
  name: string,
  bytes: Buffer,
  settings: Record<string, unknown>
): Promise<{ stored?: { body: Buffer; contentType: string }; error?: string; logs: string[] }> {
  const { urls, error, logs } = await uploadFiles(localSettings(server, settings), { [name]: bytes })
  if (error) return { error: error.message, logs }
  return { stored: server.getObject('test-bucket', keyOfUrl(urls[0]!)), logs }
}

test('by default a TIFF with a GPS IFD is stored as a lossless PNG: the same pixels, no camera make, no GPS', async () => {
  const { stored, logs } = await upload('scan.tif', tiffWithGps(48, 32), {})
  expect(stored!.contentType).toBe('image/png')
  expect(stored!.body.includes(make)).toBe(false)
  expect((await sharp(stored!.body).metadata()).exif).toBeUndefined()
  expect((await sharp(stored!.body).raw().toBuffer()).equals(photoPixels(48, 32))).toBe(true)
  expect(logs.join('\n')).toMatch(/scan\.tif: .*\(png lossless, from tiff, the only way to remove its EXIF\/GPS\)/)
})

test.each([
  ['by default (sharp cannot decode JPEG XL)', {}],
  ['with compress: false', { compress: false }]
])('%s a JPEG XL container is stored without its Exif and XMP boxes, its codestream byte for byte', async (_how, settings) => {
  const { stored, logs } = await upload('photo.jxl', jxlWithExif(), settings)
  expect(stored!.contentType).toBe('image/jxl')
  expect(stored!.body.equals(Buffer.concat([JXL_CONTAINER_START, box('jxlc', JXL_CODESTREAM)]))).toBe(true)
  expect(logs.join('\n')).toMatch(/photo\.jxl: .*removed EXIF, XMP/)
})

test('with compress: false a TIFF is refused by name with the fix, and nothing is stored', async () => {
  const before = server.listKeys('test-bucket').length
  const { error } = await upload('scan.tif', tiffWithGps(), { compress: false })
  expect(error).toContain(
    'scan.tif: not uploaded: its metadata (EXIF/GPS) cannot be removed from a TIFF without compression; ' +
      'set "compress" to true, or set "keepMetadata" to true to upload it as it is'
  )
  expect(server.listKeys('test-bucket')).toHaveLength(before)
})

test('with compress: false and keepMetadata: true a TIFF is stored byte for byte', async () => {
  const input = tiffWithGps()
  const { stored } = await upload('scan.tif', input, { compress: false, keepMetadata: true })
  expect(stored!.body.equals(input)).toBe(true)
})

test('when sharp cannot be loaded, `picgo upload` refuses a TIFF, naming sharp as the fix, and stores nothing', async () => {
  const home = tempDir('picgo-nosharp-tiff-')
  linkPlugin(home)
  const config = writePicGoConfig(home, localSettings(server))
  const scan = join(home, 'scan.tif')
  writeFileSync(scan, tiffWithGps())
  const blocker = writeSharpBlocker(home)
  const before = server.listKeys('test-bucket').length
  const result = await runProcess(process.execPath, ['--require', blocker, PICGO_BIN, '-c', config, 'upload', scan], home, { ...process.env, FORCE_COLOR: '0' })
  expect(`${result.stdout}\n${result.stderr}`).toContain(
    'scan.tif: not uploaded: its metadata (EXIF/GPS) cannot be removed from a TIFF ' +
      'without sharp, which could not be loaded; reinstall the plugin, or set "keepMetadata" to true to upload it as it is'
  )
  expect(server.listKeys('test-bucket')).toHaveLength(before)
}, 60_000)
