import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { startOssServer } from '../../tools/oss-server'
import { createPicGo, localSettings } from '../helpers/picgo'

// SOAK_COUNT=2000 npx jest test/e2e/soak for a longer local run.
const COUNT = Number(process.env.SOAK_COUNT ?? 200)
const BATCH = 20

/** A distinct tiny PNG: 8×8 pixels derived from the index. */
function tinyPng(index: number): Promise<Buffer> {
  const raw = Buffer.alloc(8 * 8 * 3)
  for (let i = 0; i < raw.length; i++) raw[i] = (index * 31 + i * 7 + ((index >> (i % 12)) & 0xff)) & 0xff
  return sharp(raw, { raw: { width: 8, height: 8, channels: 3 } })
    .png()
    .toBuffer()
}

test(`${COUNT} uploads under 30 % injected faults all end stored, byte-exact, with no secret in any output`, async () => {
  const secret = 'soak-secret-0f9e8d7c6b5a'
  const credential = { accessKeyId: 'soak-ak', accessKeySecret: secret }
  const faulty = await startOssServer({ credentials: [credential], seed: 7 })
  const { picgo, dir, logs, notifications, cleanup } = createPicGo(localSettings(faulty, { ...credential, retries: 10, timeout: 1000 }), {
    debug: false,
    silent: false
  })
  // Not silent, so PicGo writes picgo.log (which is grepped for the secret below), but quiet on the console.
  const consoleLog = jest.spyOn(console, 'log').mockImplementation(() => undefined)
  try {
    // Chance a request is hit: 1 − 0.9 × 0.9 × 0.92 × 0.94 ≈ 30 %.
    faulty.injectFaults(
      { kind: 'status', status: 500, code: 'InternalError', rate: 0.1 },
      { kind: 'status', status: 503, code: 'ServiceUnavailable', rate: 0.1 },
      { kind: 'reset', rate: 0.08 },
      { kind: 'delay', delayMs: 1500, rate: 0.06 }
    )
    const batches: string[][] = []
    for (let index = 0; index < COUNT; index++) {
      const path = join(dir, `soak-${index}.png`)
      writeFileSync(path, await tinyPng(index))
      if (index % BATCH === 0) batches.push([])
      batches.at(-1)?.push(path)
    }
    // Batches run at once, as when Typora sends several pastes in a row.
    const outputs = await Promise.all(batches.map((paths) => picgo.upload(paths)))
    const urls = outputs.flatMap((output) => (output instanceof Error ? [] : output.map((item) => item.imgUrl ?? '')))

    const faults = faulty.requests.filter((r) => r.fault !== undefined).length
    expect(faults / faulty.requests.length).toBeGreaterThan(0.2)
    expect(urls.filter((url) => url.startsWith('http'))).toHaveLength(COUNT)
    expect(new Set(urls).size).toBe(COUNT)
    for (const url of urls) {
      const key = decodeURIComponent(new URL(url).pathname.replace('/test-bucket/', ''))
      const stored = faulty.getObject('test-bucket', key)
      const sha256 = createHash('sha256')
        .update(stored?.body ?? Buffer.alloc(0))
        .digest('hex')
      // The key holds the first 16 hex characters of the SHA-256 of the bytes the plugin meant to send.
      expect(key).toBe(`img/${sha256.slice(0, 16)}.png`)
      expect(stored?.headers['x-oss-meta-sha256']).toBe(sha256)
    }
    await new Promise((resolve) => setTimeout(resolve, 200)) // PicGo appends to picgo.log on a timer
    const everything = [...logs, ...notifications.map((n) => `${n.title} ${n.body}`), readFileSync(join(dir, 'picgo.log'), 'utf8')].join('\n')
    expect(everything).toMatch(/retry 1\/10/)
    expect(everything).not.toContain(secret)
  } finally {
    consoleLog.mockRestore()
    await cleanup()
    await faulty.close()
  }
}, 180_000)
