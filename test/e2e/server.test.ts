import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { createPicGo, localSettings } from '../helpers/picgo'
import { freePort } from '../helpers/free-port'
import { useOssServer } from '../helpers/oss-server'

const oss = useOssServer()

test('`picgo server` POST /upload (Typora\'s "PicGo (app)" option) answers the URLs and stores the objects', async () => {
  const { picgo, dir, cleanup } = createPicGo(localSettings(oss), { debug: false })
  const port = await freePort()
  await picgo.server.listen(port, '127.0.0.1', true)
  try {
    const files = [join(dir, 'one.png'), join(dir, 'two words.jpg')]
    writeFileSync(
      files[0] as string,
      await sharp({ create: { width: 40, height: 30, channels: 3, background: '#112233' } })
        .png()
        .toBuffer()
    )
    writeFileSync(
      files[1] as string,
      await sharp({ create: { width: 40, height: 30, channels: 3, background: '#aa5500' } })
        .jpeg({ quality: 95 })
        .toBuffer()
    )

    const response = await fetch(`http://127.0.0.1:${port}/upload`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ list: files })
    })
    const body = (await response.json()) as { success: boolean; result: string[] }

    expect(response.status).toBe(200)
    expect(body.success).toBe(true)
    expect(body.result).toHaveLength(2)
    for (const url of body.result) {
      expect(url).toMatch(new RegExp(`^${oss.url}/test-bucket/img/[0-9a-f]{16}\\.(png|jpg)$`))
      const key = decodeURIComponent(new URL(url).pathname.replace('/test-bucket/', ''))
      expect(oss.getObject('test-bucket', key)).toBeDefined()
    }
  } finally {
    picgo.server.shutdown()
    await cleanup()
  }
})

test('a server request with one failed file fails as a whole, naming every failed file, so no URL lands on the wrong image', async () => {
  const { picgo, dir, cleanup, notifications } = createPicGo(localSettings(oss, { path: 'partial/' }), { debug: false })
  const port = await freePort()
  await picgo.server.listen(port, '127.0.0.1', true)
  try {
    const good = join(dir, 'good.png')
    const notImage = join(dir, 'notimage.png')
    const truncated = join(dir, 'truncated.jpg')
    writeFileSync(
      good,
      await sharp({ create: { width: 40, height: 30, channels: 3, background: '#123456' } })
        .png()
        .toBuffer()
    )
    writeFileSync(notImage, 'this is text, not a PNG')
    const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#654321' } })
      .jpeg()
      .toBuffer()
    // Cut inside its scan data: damaged, yet every segment before the pixels is whole, so its metadata is known gone.
    // (Cut inside a header segment, it would be refused: bytes past a broken segment could hold EXIF.)
    writeFileSync(truncated, jpeg.subarray(0, jpeg.length - 10))
    const logged: string[] = []
    const original = picgo.log.error.bind(picgo.log)
    picgo.log.error = (...args: unknown[]) => {
      logged.push(args.map(String).join(' '))
      original(...(args as [string]))
    }

    const response = await fetch(`http://127.0.0.1:${port}/upload`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ list: [good, notImage, truncated, join(dir, 'missing.png')] })
    })
    const body = (await response.json()) as { success: boolean; result?: string[] }

    expect(body.success).toBe(false)
    expect(body.result ?? []).toEqual([])
    expect(logged.join('\n')).toMatch(/notimage\.png: not an image/)
    // PicGo could not read missing.png, so three files reached the uploader; the damaged JPEG goes up as its own bytes.
    expect(notifications).toContainEqual({ title: 'aliyun-oss-plus: 1 of 3 uploads failed', body: expect.stringMatching(/^notimage\.png: not an image/) })
    expect(oss.listKeys('test-bucket').filter((key) => key.startsWith('partial/'))).toHaveLength(2)
  } finally {
    picgo.server.shutdown()
    await cleanup()
  }
})
