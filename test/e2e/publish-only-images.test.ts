// Issue 23: what reaches the (public) bucket. PicGo 3.1's server has no authentication and answers CORS with `*`,
// so any web page the user opens can POST local paths to it: only images go up, and never a file with the secret.
import { copyFileSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { createPicGo, localSettings, TEST_AK } from '../helpers/picgo'
import { freePort } from '../helpers/free-port'
import { useOssServer } from '../helpers/oss-server'

const oss = useOssServer()
beforeEach(() => oss.clearLog())

const PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n'

test.each([
  ['config.json', 'holds the AccessKey secret of these settings'],
  ['notes.txt', 'not an image (its bytes look like text)'],
  ['server.key', 'not an image (its bytes look like a PEM key or certificate)'],
  ['README.md', 'not an image (its bytes look like text)']
])('a web page POSTing %s to `picgo server` gets no URL, and nothing reaches the bucket', async (name, reason) => {
  const { picgo, dir, logs, cleanup } = createPicGo(localSettings(oss), { debug: false })
  // As on a user's disk: PicGo's own config.json holds the settings, the secret among them.
  picgo.saveConfig({ 'picBed.aliyun-oss-plus': localSettings(oss) })
  const port = await freePort()
  await picgo.server.listen(port, '127.0.0.1', true)
  try {
    mkdirSync(join(dir, 'docs'))
    const file = name === 'config.json' ? join(dir, 'config.json') : join(dir, 'docs', name)
    if (name === 'notes.txt') writeFileSync(file, 'my plans for the weekend\n')
    if (name === 'server.key') writeFileSync(file, PEM)
    if (name === 'README.md') writeFileSync(file, '# A note\n\nwith ![an image](a.png)\n')
    const response = await fetch(`http://127.0.0.1:${port}/upload`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ list: [file] })
    })
    const body = (await response.json()) as { success: boolean; result?: string[] }
    expect(body.success).toBe(false)
    expect(body.result ?? []).toEqual([])
    expect(oss.requests.filter((r) => r.method === 'PUT' || r.method === 'POST')).toEqual([])
    expect(oss.listKeys('test-bucket')).toEqual([])
    expect(logs.join('\n')).toContain(`${name}: ${reason}`)
    expect(logs.join('\n')).not.toContain(TEST_AK.accessKeySecret)
  } finally {
    picgo.server.shutdown()
    await cleanup()
  }
})

test('`nonImages: "upload"` hosts a text file, but a file holding the secret is refused all the same', async () => {
  const session = createPicGo(localSettings(oss, { nonImages: 'upload' }))
  session.picgo.saveConfig({ 'picBed.aliyun-oss-plus': localSettings(oss, { nonImages: 'upload' }) })
  try {
    mkdirSync(join(session.dir, 'docs'))
    const notes = join(session.dir, 'docs', 'notes.txt')
    writeFileSync(notes, 'shared on purpose\n')
    const output = await session.picgo.upload([notes])
    if (output instanceof Error) throw output
    const [stored] = output
    expect(stored?.imgUrl).toMatch(/\.txt$/)
    await expect(session.picgo.upload([join(session.dir, 'config.json')])).rejects.toThrow(
      /config\.json: holds the AccessKey secret of these settings .*never uploaded/
    )
    expect(oss.listKeys('test-bucket').filter((key) => key.endsWith('.json'))).toEqual([])
  } finally {
    await session.cleanup()
  }
})

test('with `nonImages: "upload"`, the same bytes under two extensions are two objects, each with its own extension', async () => {
  const session = createPicGo(localSettings(oss, { nonImages: 'upload' }))
  try {
    mkdirSync(join(session.dir, 'docs'))
    const urls: string[] = []
    for (const name of ['server.key', 'cert.pem']) {
      const output = await session.picgo.upload([write(join(session.dir, 'docs', name), PEM)])
      if (output instanceof Error) throw output
      urls.push(output[0]?.imgUrl ?? '')
    }
    expect(urls[0]).toMatch(/\.key$/)
    expect(urls[1]).toMatch(/\.pem$/)
  } finally {
    await session.cleanup()
  }
})

test('an image that holds the secret in its metadata is refused too; an ordinary image still goes up', async () => {
  const session = createPicGo(localSettings(oss))
  try {
    const png = await sharp({ create: { width: 20, height: 10, channels: 3, background: '#336699' } })
      .png()
      .toBuffer()
    const leaky = join(session.dir, 'leaky.png')
    writeFileSync(leaky, Buffer.concat([png, Buffer.from(TEST_AK.accessKeySecret)]))
    await expect(session.picgo.upload([leaky])).rejects.toThrow(/leaky\.png: holds the AccessKey secret/)
    const fine = join(session.dir, 'fine.png')
    writeFileSync(fine, png)
    const output = await session.picgo.upload([fine])
    if (output instanceof Error) throw output
    const [stored] = output
    expect(stored?.imgUrl).toMatch(/\.png$/)
  } finally {
    await session.cleanup()
  }
})

describe('PicGo\'s own files never go up, even with `nonImages: "upload"` and no secret in them', () => {
  // Each returns the path to upload, given PicGo's folder and a folder of the user's outside it.
  const cases: Array<[string, (home: string, elsewhere: string) => string, RegExp]> = [
    [
      "picgo.log in PicGo's folder",
      (home) => write(join(home, 'picgo.log'), '2026-12-03 [PicGo INFO] uploading /home/me/secret-plans.png\n'),
      /picgo\.log: not an image, and its name is one of PicGo's own files: never uploaded/
    ],
    [
      'the gallery data.json',
      (home) => write(join(home, 'data.json'), '{"uploaded":[{"imgUrl":"https://example.com/a.png"}]}'),
      /data\.json: not an image, and it lies in PicGo's own folder/
    ],
    [
      'a link elsewhere to data.json',
      (home, elsewhere) => {
        write(join(home, 'data.json'), '{"uploaded":[]}')
        symlinkSync(join(home, 'data.json'), join(elsewhere, 'shared.txt'))
        return join(elsewhere, 'shared.txt')
      },
      /shared\.txt: not an image, and it lies in PicGo's own folder/
    ],
    [
      "the log at settings.logPath, outside PicGo's folder",
      (_home, elsewhere) => write(join(elsewhere, 'activity.txt'), 'uploads of today\n'),
      /activity\.txt: not an image, and it is PicGo's log/
    ],
    [
      'a copy of picgo.log elsewhere',
      (home, elsewhere) => {
        copyFileSync(write(join(home, 'picgo.log'), 'log lines\n'), join(elsewhere, 'picgo.log'))
        return join(elsewhere, 'picgo.log')
      },
      /picgo\.log: not an image, and its name is one of PicGo's own files/
    ]
  ]

  test.each(cases)('%s', async (_what, place, refusal) => {
    const session = createPicGo(localSettings(oss, { nonImages: 'upload' }))
    const elsewhere = join(session.dir, '..', `${session.dir.split(/[\\/]/).pop() ?? 'x'}-docs`)
    mkdirSync(elsewhere)
    session.picgo.setConfig({ 'settings.logPath': join(elsewhere, 'activity.txt') })
    try {
      await expect(session.picgo.upload([place(session.dir, elsewhere)])).rejects.toThrow(refusal)
      expect(oss.requests.filter((r) => r.method === 'PUT' || r.method === 'POST')).toEqual([])
    } finally {
      await session.cleanup()
      rmSync(elsewhere, { recursive: true, force: true })
    }
  })

  test('the known-images file the plugin wrote is refused; a text file the PicGo 3 server saved in its form folder goes up', async () => {
    const session = createPicGo(localSettings(oss, { nonImages: 'upload' }))
    try {
      const png = join(session.dir, 'docs-shot.png')
      writeFileSync(
        png,
        await sharp({ create: { width: 16, height: 16, channels: 3, background: '#123456' } })
          .png()
          .toBuffer()
      )
      const first = await session.picgo.upload([png])
      if (first instanceof Error) throw first
      await expect(session.picgo.upload([join(session.dir, 'aliyun-oss-plus-known-images.json')])).rejects.toThrow(
        /aliyun-oss-plus-known-images\.json: not an image, and its name is one of PicGo's own files/
      )
      mkdirSync(join(session.dir, 'picgo-form-images'))
      const posted = write(join(session.dir, 'picgo-form-images', 'posted.txt'), 'a file the user posted on purpose\n')
      const output = await session.picgo.upload([posted])
      if (output instanceof Error) throw output
      expect(output[0]?.imgUrl).toMatch(/\.txt$/)
    } finally {
      await session.cleanup()
    }
  })
})

function write(path: string, text: string): string {
  writeFileSync(path, text)
  return path
}
