import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { createPicGo } from '../helpers/picgo'

// Real Aliyun OSS, only when credentials are given: OSS_LIVE_ACCESS_KEY_ID, OSS_LIVE_ACCESS_KEY_SECRET,
// OSS_LIVE_BUCKET, OSS_LIVE_REGION (and optionally OSS_LIVE_CUSTOM_URL). Nothing else depends on it.
const env = process.env
const live = Boolean(env.OSS_LIVE_ACCESS_KEY_ID && env.OSS_LIVE_ACCESS_KEY_SECRET && env.OSS_LIVE_BUCKET && env.OSS_LIVE_REGION)
const describeLive = live ? describe : describe.skip

describeLive('live Aliyun OSS', () => {
  test('uploads an image, then recognises it with one HEAD', async () => {
    const session = createPicGo({
      accessKeyId: env.OSS_LIVE_ACCESS_KEY_ID,
      accessKeySecret: env.OSS_LIVE_ACCESS_KEY_SECRET,
      bucket: env.OSS_LIVE_BUCKET,
      region: env.OSS_LIVE_REGION,
      customUrl: env.OSS_LIVE_CUSTOM_URL ?? '',
      path: 'picgo-plugin-aliyun-oss-plus-live-test/'
    })
    try {
      const file = join(session.dir, 'live.png')
      writeFileSync(
        file,
        await sharp({ create: { width: 24, height: 24, channels: 3, background: '#2a7ae2' } })
          .png()
          .toBuffer()
      )
      const first = await session.picgo.upload([file])
      const second = await session.picgo.upload([file])
      if (first instanceof Error || second instanceof Error) throw new Error('upload failed')
      expect(first[0]?.imgUrl).toMatch(/^https:\/\//)
      expect(second[0]?.imgUrl).toBe(first[0]?.imgUrl)
      expect(session.logs.join('\n')).toMatch(/already stored as/)
    } finally {
      await session.cleanup()
    }
  }, 60_000)
})
