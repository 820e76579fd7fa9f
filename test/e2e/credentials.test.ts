import sharp from 'sharp'
import { startOssServer, type OssServer } from '../../tools/oss-server'
import { localSettings, TEST_AK } from '../helpers/picgo'
import { useOssServer } from '../helpers/oss-server'
import { uploadFiles } from '../helpers/upload'

const STS = { accessKeyId: 'STS.sts-ak', accessKeySecret: 'sts-secret-9f8e7d', securityToken: 'CAIS-sts-token-abcdef123456' }
const EXPIRED = {
  accessKeyId: 'STS.old-ak',
  accessKeySecret: 'old-secret-1a2b3c',
  securityToken: 'CAIS-old-token-999',
  expiration: new Date(Date.now() - 60_000)
}

const server = useOssServer({ credentials: [TEST_AK, STS, EXPIRED] })

/** Uploads one small PNG and returns the error message (and everything the user saw) or the URL. */
async function attempt(settings: Record<string, unknown>, target: OssServer = server): Promise<{ message: string; seen: string }> {
  const shot = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#123456' } })
    .png()
    .toBuffer()
  const { urls, error, logs, notifications } = await uploadFiles(localSettings(target, { retries: 0, ...settings }), { 'shot.png': shot })
  const message = error ? error.message : String(urls[0])
  return { message, seen: [message, ...logs, ...notifications.map((n) => n.body)].join('\n') }
}

test.each([
  [
    'a wrong secret',
    { accessKeySecret: 'not-the-secret-xyz' },
    /403 SignatureDoesNotMatch \(request id [0-9A-F]{24}\): check "accessKeySecret"/,
    'not-the-secret-xyz'
  ],
  [
    'an unknown AccessKey',
    { accessKeyId: 'LTAI-unknown' },
    /403 InvalidAccessKeyId \(request id [0-9A-F]{24}\): OSS does not know this "accessKeyId"/,
    undefined
  ],
  [
    'a bucket that does not exist',
    { bucket: 'no-such-bucket', customUrl: '' },
    /404 NoSuchBucket \(request id [0-9A-F]{24}, EC 0015-00000101\): check "bucket" and "region"/,
    undefined
  ],
  ["a region that is not the bucket's", { region: 'oss-cn-beijing' }, /\[PUT\] .*\(shot\.png\): (403 AccessDenied|400 InvalidArgument)/, undefined],
  [
    'an expired STS token',
    { accessKeyId: EXPIRED.accessKeyId, accessKeySecret: EXPIRED.accessKeySecret, stsToken: EXPIRED.securityToken },
    /403 SecurityTokenExpired .*get new temporary credentials/,
    EXPIRED.securityToken
  ],
  [
    'a wrong STS token',
    { accessKeyId: STS.accessKeyId, accessKeySecret: STS.accessKeySecret, stsToken: 'CAIS-wrong-token-0000' },
    /403 InvalidSecurityToken .*check "stsToken"/,
    'CAIS-wrong-token-0000'
  ]
])('%s fails with one sentence that says what to fix', async (_, settings, expected, secret) => {
  const { message, seen } = await attempt(settings)
  expect(message).toMatch(expected)
  if (secret) expect(seen).not.toContain(secret)
  expect(seen).not.toContain(TEST_AK.accessKeySecret)
})

test('valid STS credentials upload', async () => {
  const { message } = await attempt({ accessKeyId: STS.accessKeyId, accessKeySecret: STS.accessKeySecret, stsToken: STS.securityToken })
  expect(message).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/test-bucket\/img\//)
})

test('a clock more than 15 minutes off fails with RequestTimeTooSkewed and says to fix the system clock', async () => {
  const skewed = await startOssServer({ credentials: [TEST_AK], clockSkewMs: 20 * 60 * 1000 })
  try {
    const { message } = await attempt({}, skewed)
    expect(message).toMatch(/403 RequestTimeTooSkewed \(request id [0-9A-F]{24}\): this computer's clock is more than 15 minutes off: fix the system clock/)
  } finally {
    await skewed.close()
  }
})

test('nothing answering at the endpoint fails with ECONNREFUSED after the retries, naming the setting to check', async () => {
  const gone = await startOssServer({ credentials: [TEST_AK] })
  await gone.close()
  const { message } = await attempt({ retries: 1 }, gone)
  expect(message).toMatch(/ECONNREFUSED: nothing answers at the endpoint: check "endpoint"/)
})
