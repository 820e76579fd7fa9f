// An https:// endpoint or URL on a server that speaks plain HTTP (a local gateway, a private deployment): one
// sentence naming the setting, not OpenSSL's "wrong version number".
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { checkConnection } from '../../src/commands/check/probe'
import { resolveSettings } from '../../src/settings/config'
import { createPicGo, TEST_AK } from '../helpers/picgo'
import { useOssServer } from '../helpers/oss-server'

const server = useOssServer()

const settings = (overrides: Record<string, unknown>): Record<string, unknown> => ({
  ...TEST_AK,
  bucket: 'test-bucket',
  region: 'oss-cn-hangzhou',
  timeout: 5000,
  ...overrides
})

const PLAIN_HTTP_SENTENCE = /the endpoint speaks plain HTTP, not HTTPS: write "http:\/\/" instead of "https:\/\/" in "endpoint"/

test('check: an https:// endpoint on an http server fails the signature step with one sentence about "endpoint"', async () => {
  const steps = await checkConnection(resolveSettings(settings({ endpoint: `https://127.0.0.1:${server.port}` })))

  expect(steps.map((s) => s.step)).toEqual(['signature'])
  expect(steps[0]?.detail).toMatch(PLAIN_HTTP_SENTENCE)
  expect(steps[0]?.detail).not.toMatch(/openssl|ssl3_get_record|\.c:\d+/i)
})

test('upload: the same sentence, and no retries (sending again over TLS cannot work)', async () => {
  const { picgo, dir, logs, cleanup } = createPicGo(settings({ endpoint: `https://127.0.0.1:${server.port}`, retries: 3 }), { debug: false })
  try {
    const file = join(dir, 'a.png')
    writeFileSync(file, Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64'))
    await picgo.upload([file])
  } finally {
    await cleanup()
  }
  const text = logs.join('\n')
  expect(text).toMatch(PLAIN_HTTP_SENTENCE)
  expect(text).not.toMatch(/ssl3_get_record|retry 1\//)
})

test('check: an https:// customUrl on an http server fails the URL step with one sentence about "customUrl"', async () => {
  const steps = await checkConnection(resolveSettings(settings({ endpoint: server.url, customUrl: `https://127.0.0.1:${server.port}/test-bucket` })))

  expect(steps.find((s) => s.step === 'url')?.detail).toMatch(
    /the server speaks plain HTTP, not HTTPS: write "http:\/\/" instead of "https:\/\/" in "customUrl"/
  )
})
