// "keepMetadata: false" means no EXIF/GPS/XMP leaves the computer on every path: compression switched off,
// and sharp missing. Through the real PicGo (API, and the CLI with sharp blocked) and the local OSS server.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { linkPlugin, PICGO_BIN, runProcess, writePicGoConfig } from '../../tools/picgo-home'
import { CAMERA_EXIF, exifIfd0Tags, jpegSegments, pixelAt, pngChunkTypes, pngWithMetadata, QUADRANTS } from '../fixtures/images'
import { createPicGo, keyOfUrl, localSettings, tempDir } from '../helpers/picgo'
import { writeSharpBlocker } from '../helpers/no-sharp'
import { useOssServer } from '../helpers/oss-server'

const server = useOssServer()

/** A photo stored sideways (EXIF orientation 6) with camera EXIF, GPS and XMP: as a phone writes it. */
async function sidewaysPhoneJpeg(): Promise<Buffer> {
  const [width, height] = [48, 64]
  const pixels = Buffer.alloc(width * height * 3)
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) pixels.set(QUADRANTS[(y < height / 2 ? 0 : 2) + (x < width / 2 ? 0 : 1)]!, (y * width + x) * 3)
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 95 })
    .withExif(CAMERA_EXIF)
    .withMetadata({ orientation: 6 })
    .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"/>')
    .toBuffer()
}

function expectNoMetadataButOrientation(stored: Buffer, orientation: number): void {
  const exifBlocks = jpegSegments(stored).filter((s) => s.marker === 0xffe1)
  expect(stored.includes(Buffer.from('FixtureCam'))).toBe(false)
  expect(stored.includes(Buffer.from('xmpmeta'))).toBe(false)
  expect(exifBlocks).toHaveLength(1)
  const tags = exifIfd0Tags(exifBlocks[0]!.payload)
  expect([...tags.keys()]).toEqual([0x0112])
  expect(tags.get(0x0112)).toBe(orientation)
}

test('compress: false strips EXIF, GPS and XMP losslessly and keeps only the orientation tag, so the photo stays upright', async () => {
  const session = createPicGo(localSettings(server, { compress: false }))
  try {
    const input = await sidewaysPhoneJpeg()
    const file = join(session.dir, 'phone.jpg')
    writeFileSync(file, input)
    const [item] = (await session.picgo.upload([file])) as Array<{ imgUrl: string }>
    const stored = server.getObject('test-bucket', keyOfUrl(item!.imgUrl))!.body
    expectNoMetadataButOrientation(stored, 6)
    // Not re-encoded: the scan data is byte for byte the original's.
    const scan = (jpeg: Buffer) => jpeg.subarray(jpeg.lastIndexOf(Buffer.from([0xff, 0xda])))
    expect(scan(stored).equals(scan(input))).toBe(true)
    expect(await pixelAt(stored, 2, 2)).toEqual(await pixelAt(input, 2, 2))
    expect(session.logs.join('\n')).toMatch(/phone\.jpg: not compressed; removed EXIF, XMP losslessly \(kept EXIF orientation 6\)/)
  } finally {
    await session.cleanup()
  }
})

test("compress: false strips a PNG's eXIf and text chunks", async () => {
  const session = createPicGo(localSettings(server, { compress: false }))
  try {
    const file = join(session.dir, 'screen.png')
    writeFileSync(file, await pngWithMetadata())
    const [item] = (await session.picgo.upload([file])) as Array<{ imgUrl: string }>
    const stored = server.getObject('test-bucket', keyOfUrl(item!.imgUrl))!.body
    expect(pngChunkTypes(stored)).not.toEqual(expect.arrayContaining(['eXIf']))
    expect(pngChunkTypes(stored).filter((t) => /tEXt|zTXt|iTXt/.test(t))).toEqual([])
  } finally {
    await session.cleanup()
  }
})

test('compress: false with keepMetadata: true uploads the file byte for byte', async () => {
  const session = createPicGo(localSettings(server, { compress: false, keepMetadata: true }))
  try {
    const input = await sidewaysPhoneJpeg()
    const file = join(session.dir, 'keep.jpg')
    writeFileSync(file, input)
    const [item] = (await session.picgo.upload([file])) as Array<{ imgUrl: string }>
    expect(server.getObject('test-bucket', keyOfUrl(item!.imgUrl))!.body.equals(input)).toBe(true)
  } finally {
    await session.cleanup()
  }
})

test('when sharp cannot be loaded, `picgo upload` still strips GPS and says so in its warning', async () => {
  const home = tempDir('picgo-nosharp-')
  linkPlugin(home)
  const config = writePicGoConfig(home, localSettings(server))
  const photo = join(home, 'phone photo.jpg')
  writeFileSync(photo, await sidewaysPhoneJpeg())
  const blocker = writeSharpBlocker(home)
  const result = await runProcess(process.execPath, ['--require', blocker, PICGO_BIN, '-c', config, 'upload', photo], home, {
    ...process.env,
    FORCE_COLOR: '0'
  })
  expect(result.stdout).toMatch(/sharp could not be loaded .*EXIF\/GPS still removed/)
  const url = result.stdout.trim().split('\n').at(-1) as string
  expectNoMetadataButOrientation(server.getObject('test-bucket', keyOfUrl(url))!.body, 6)
}, 60_000)
