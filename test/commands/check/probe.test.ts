import { allPassed, type CheckStep, checkConfigured, checkConnection } from '../../../src/commands/check/probe'
import { CHECK_MENU_LABEL } from '../../../src/commands/check/menu'
import { resolveSettings } from '../../../src/settings/config'
import { startOssServer, type OssServer } from '../../../tools/oss-server'
import { createPicGo, localSettings, TEST_AK } from '../../helpers/picgo'
import { PLUGIN_NAME } from '../../../tools/picgo-home'

const WRONG_SECRET = 'wrong-secret-9876543210'
let server: OssServer
let privateServer: OssServer

beforeAll(async () => {
  server = await startOssServer({ credentials: [TEST_AK] })
  privateServer = await startOssServer({ credentials: [TEST_AK], buckets: [{ name: 'test-bucket', region: 'oss-cn-hangzhou', acl: 'private' }] })
})
afterAll(() => Promise.all([server.close(), privateServer.close()]))
beforeEach(() => server.clearLog())

const check = (target: OssServer, overrides: Record<string, unknown> = {}): Promise<CheckStep[]> =>
  checkConnection(resolveSettings(localSettings(target, overrides)))
const stepNames = (steps: CheckStep[]): string[] => steps.map((s) => `${s.step}:${s.ok ? 'ok' : 'failed'}`)
const probeKeys = (target: OssServer): string[] => target.listKeys('test-bucket').filter((key) => key.includes('-check-'))

test('with good settings every step passes and the probe, written under "path", is gone afterwards', async () => {
  const steps = await check(server, { path: 'img/{year}/' })

  expect(stepNames(steps)).toEqual(['signature:ok', 'write:ok', 'read:ok', 'url:ok', 'delete:ok'])
  const put = server.requests.find((r) => r.method === 'PUT')
  expect(put?.key).toMatch(new RegExp(`^img/${new Date().getFullYear()}/\\.aliyun-oss-plus-check-[0-9a-f]{12}\\.png$`))
  expect(steps.find((s) => s.step === 'url')?.detail).toContain(`${server.url}/test-bucket/img/`)
  expect(probeKeys(server)).toEqual([])
  expect(server.requests.filter((r) => r.method === 'DELETE').map((r) => r.key)).toEqual([put?.key])
})

test('a wrong secret fails the signature step with SignatureDoesNotMatch, the request id and what to fix, and writes nothing', async () => {
  const steps = await check(server, { accessKeySecret: WRONG_SECRET })

  expect(stepNames(steps)).toEqual(['signature:failed'])
  const detail = steps[0]?.detail ?? ''
  expect(detail).toMatch(/403 SignatureDoesNotMatch \(request id [0-9A-F]{24}\): check "accessKeySecret"/)
  const requestId = /request id ([0-9A-F]+)/.exec(detail)?.[1]
  expect(server.requests.map((r) => r.requestId)).toContain(requestId)
  expect(JSON.stringify(steps)).not.toContain(WRONG_SECRET)
  expect(server.requests.some((r) => r.method === 'PUT')).toBe(false)
})

test('a bucket that does not exist fails the signature step with NoSuchBucket and points at "bucket"', async () => {
  const steps = await check(server, { bucket: 'no-such-bucket', customUrl: '' })

  expect(stepNames(steps)).toEqual(['signature:failed'])
  expect(steps[0]?.detail).toMatch(/404 NoSuchBucket \(request id [0-9A-F]{24}, EC 0015-00000101\): check "bucket" and "region"/)
})

test('a private bucket without signed URLs fails the url step, says to set "signedUrlExpires", and still deletes the probe', async () => {
  const steps = await check(privateServer, { customUrl: `${privateServer.url}/test-bucket` })

  expect(stepNames(steps)).toEqual(['signature:ok', 'write:ok', 'read:ok', 'url:failed', 'delete:ok'])
  expect(steps[3]?.detail).toMatch(/403 AccessDenied \(request id [0-9A-F]{24}\): .*set "signedUrlExpires" above 0/)
  expect(probeKeys(privateServer)).toEqual([])
})

test('a private bucket with signed URLs passes every step', async () => {
  const steps = await check(privateServer, {
    endpoint: `http://localhost:${privateServer.port}`,
    cname: true,
    customUrl: '',
    signedUrlExpires: 60,
    urlSuffix: '?x-oss-process=style/w800'
  })

  expect(stepNames(steps)).toEqual(['signature:ok', 'write:ok', 'read:ok', 'url:ok', 'delete:ok'])
  expect(steps[3]?.detail).toMatch(/x-oss-process=style%2Fw800.*signed, valid 60 s/)
  expect(steps[3]?.detail).not.toMatch(/Signature=[^*]/)
})

test('missing settings are reported as the failed settings step, not thrown', async () => {
  const steps = await checkConfigured({ accessKeyId: 'id' })

  expect(steps).toEqual([{ step: 'settings', ok: false, detail: 'Missing required setting "accessKeySecret"' }])
  expect(allPassed(steps)).toBe(false)
})

test('the GUI menu item runs the check with the current settings and shows every step in a message box', async () => {
  const { picgo, cleanup } = createPicGo(localSettings(server, { accessKeySecret: WRONG_SECRET }))
  try {
    const boxes: Array<{ title: string; message: string; type: string }> = []
    const guiApi = {
      showMessageBox: async (box: { title: string; message: string; type: string }) => {
        boxes.push(box)
        return { result: 0 }
      }
    }
    const menu = picgo.pluginLoader.getPlugin(PLUGIN_NAME)?.guiMenu?.(picgo) ?? []
    const item = menu.find((m) => m.label === CHECK_MENU_LABEL)

    await item?.handle(picgo, guiApi)

    expect(boxes).toHaveLength(1)
    expect(boxes[0]?.type).toBe('error')
    expect(boxes[0]?.title).toBe('aliyun-oss-plus: check failed at signature')
    expect(boxes[0]?.message).toMatch(/^✘ signature: \[GET\] .*SignatureDoesNotMatch/)
    expect(boxes[0]?.message).not.toContain(WRONG_SECRET)
  } finally {
    await cleanup()
  }
})

// `picgo aliyun-oss-plus check` through the real CLI, with the packed plugin that `picgo install` put in a PicGo home,
// is tested in test/e2e/install.test.ts.

// The PicGo app 2.3.1/2.4.0 runs Node 16.9.1: no global fetch, no AbortSignal.timeout. The compatibility suite runs the
// real CLI there (test/compat/); this test takes both away here, as Node 16.9 has them.
test('the url step works without the global fetch and AbortSignal.timeout, as on Node 16.9', async () => {
  const saved = { fetch: globalThis.fetch, timeout: AbortSignal.timeout }
  Object.assign(globalThis, { fetch: undefined })
  Object.assign(AbortSignal, { timeout: undefined })
  try {
    const steps = await check(server)

    expect(stepNames(steps)).toEqual(['signature:ok', 'write:ok', 'read:ok', 'url:ok', 'delete:ok'])
    expect(steps[3]?.detail).toMatch(/serves the probe$/)
  } finally {
    Object.assign(globalThis, { fetch: saved.fetch })
    Object.assign(AbortSignal, { timeout: saved.timeout })
  }
})

test('a URL that does not answer fails the url step with the network error code', async () => {
  const steps = await check(server, { customUrl: 'http://127.0.0.1:9/test-bucket' })

  expect(stepNames(steps)).toEqual(['signature:ok', 'write:ok', 'read:ok', 'url:failed', 'delete:ok'])
  expect(steps[3]?.detail).toMatch(/^GET http:\/\/127\.0\.0\.1:9\/test-bucket\/img\/.*: ECONNREFUSED: the URL does not answer; check "customUrl"/)
})

// A "path" may hold what a terminal obeys (a right-to-left override): the probe's key is printed escaped in every step.
test('the probe key is printed escaped in every step, as in the request messages', async () => {
  const steps = await check(server, { path: 'img/\u202eevil/' })

  expect(stepNames(steps)).toEqual(['signature:ok', 'write:ok', 'read:ok', 'url:ok', 'delete:ok'])
  for (const step of steps.slice(1)) expect(step.detail).not.toContain('\u202e')
  expect(steps.find((s) => s.step === 'write')?.detail).toMatch(/^stored img\/\\u202eevil\/\.aliyun-oss-plus-check-/)
  expect(server.requests.find((r) => r.method === 'PUT')?.key).toMatch(/^img\/\u202eevil\//)
})

// What the server sends (its error code, its message) is outside text too: a proxy or a look-alike server may send
// characters a terminal obeys, and the step's line is printed as it is.
test('an OSS error code holding a right-to-left override or a C1 control is printed escaped', async () => {
  server.injectFaults({ kind: 'status', status: 403, code: 'Evil\u202eCode\u009b2J', methods: ['GET'], count: 1 })
  try {
    const steps = await check(server)

    expect(stepNames(steps)).toEqual(['signature:failed'])
    expect(steps[0]?.detail).toMatch(
      /^\[GET\] .*: 403 Evil\\u202eCode\\x9b2J \(request id [0-9A-F]{24}\): The local OSS server injected this 403 Evil\\u202eCode\\x9b2J fault\.$/
    )
  } finally {
    server.clearFaults()
  }
})
