import { stripLossless } from '../../src/transformers/strip'
import type { StageImage } from '../../src/transformers/types'
import { photoJpeg } from '../fixtures/images'
import { box, FIXTURE_MAKE, JXL_CODESTREAM, JXL_CONTAINER_START, jxlWithExif, tiffWithGps } from '../fixtures/tiff-jxl'

const image = (buffer: Buffer, fileName: string): StageImage => ({ buffer, fileName, extname: '.bin', contentType: 'application/octet-stream' })

describe('stripLossless (compression not running)', () => {
  test("removes a JPEG XL's Exif and XMP boxes and says so", async () => {
    const output = await stripLossless(image(jxlWithExif(), 'photo.jxl'), { compression: 'off' })
    expect(output.buffer.equals(Buffer.concat([JXL_CONTAINER_START, box('jxlc', JXL_CODESTREAM)]))).toBe(true)
    expect(output.buffer.includes(Buffer.from(FIXTURE_MAKE))).toBe(false)
    expect(output.notes).toEqual(['not compressed; removed EXIF, XMP losslessly'])
  })

  test('refuses a TIFF, whose metadata only re-encoding removes, naming the file and the fix', async () => {
    await expect(stripLossless(image(tiffWithGps(), 'scan\n.tif'), { compression: 'off' })).rejects.toThrow(
      '[aliyun-oss-plus] scan\\n.tif: ' +
        'not uploaded: its metadata (EXIF/GPS) cannot be removed from a TIFF without compression; set "compress" to true, ' +
        'or set "keepMetadata" to true to upload it as it is'
    )
  })

  test('when sharp is missing, the fix is sharp, not the compress setting', async () => {
    await expect(stripLossless(image(tiffWithGps(), 'scan.tif'), { compression: 'sharp missing' })).rejects.toThrow(
      'scan.tif: not uploaded: its ' +
        'metadata (EXIF/GPS) cannot be removed from a TIFF without sharp, which could not be loaded; reinstall the plugin, ' +
        'or set "keepMetadata" to true to upload it as it is'
    )
  })

  test('refuses a JPEG whose segments break off before its image data', async () => {
    const jpeg = await photoJpeg({ width: 16, height: 16 })
    const broken = Buffer.concat([jpeg.subarray(0, 2), Buffer.from([0xff, 0xe1, 0xff, 0xff]), Buffer.from('Exif\0\0')])
    await expect(stripLossless(image(broken, 'cut.jpg'), { compression: 'off' })).rejects.toThrow(
      'cut.jpg: not uploaded: its metadata ' +
        '(EXIF/GPS) cannot be removed, as this JPEG is damaged: its structure breaks off where more metadata could follow; repair or re-export it, ' +
        'or set "keepMetadata" to true to upload it as it is'
    )
  })
})
