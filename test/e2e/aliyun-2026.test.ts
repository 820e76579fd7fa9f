// A new user's first run on today's Aliyun OSS, through the real picgo CLI (`picgo upload`, `picgo aliyun-oss-plus check`)
// against the local server's profiles (tools/oss-server/profiles.ts): each refusal names the settings to change, and the
// settings the README tells a new mainland user to write pass check and upload in one go.
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { startOssServer, type OssProfile, type OssServer } from '../../tools/oss-server'
import { linkPlugin, runPicGo, writePicGoConfig, type CliResult } from '../../tools/picgo-home'
import { TEST_AK, tempDir } from '../helpers/picgo'

let home = ''
const servers: OssServer[] = []
beforeAll(() => {
  home = tempDir('picgo-2026-')
  linkPlugin(home)
})
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()))
  rmSync(home, { recursive: true, force: true })
})

async function serverWith(profile: string | OssProfile): Promise<OssServer> {
  const server = await startOssServer({ credentials: [TEST_AK], profile })
  servers.push(server)
  return server
}

/** A typical tutorial's settings: bucket, region oss-cn-hangzhou, the default endpoint (the server's IP: ali-oss then sends Host <bucket>.oss-cn-hangzhou.aliyuncs.com). */
const tutorial = (server: OssServer, overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  ...TEST_AK,
  bucket: 'test-bucket',
  region: 'oss-cn-hangzhou',
  endpoint: server.url,
  timeout: 5000,
  ...overrides
})

/** What the README tells a new mainland user to write: the bound domain as endpoint (cname) and as customUrl. */
const boundDomain = (server: OssServer, overrides: Record<string, unknown> = {}): Record<string, unknown> => {
  const domain = `http://localhost:${server.port}`
  return tutorial(server, { endpoint: domain, cname: true, customUrl: domain, ...overrides })
}

let shade = 0
async function upload(settings: Record<string, unknown>): Promise<CliResult & { file: string }> {
  const file = join(home, `shot-${++shade}.png`)
  writeFileSync(
    file,
    await sharp({ create: { width: 16, height: 16, channels: 3, background: { r: shade * 20, g: 90, b: 40 } } })
      .png()
      .toBuffer()
  )
  return { ...(await runPicGo(['-c', writePicGoConfig(home, settings), 'upload', file], home)), file }
}
const check = (settings: Record<string, unknown>): Promise<CliResult> => runPicGo(['-c', writePicGoConfig(home, settings), 'aliyun-oss-plus', 'check'], home)
const printed = (result: CliResult): string => `${result.stdout}\n${result.stderr}`

const PUBLIC_ENDPOINT_FIX =
  /400 PublicEndpointForbidden \(request id [0-9A-F]{24}, EC 0048-00000401\): .*bind a custom domain to the bucket .*set "endpoint" to it \(e\.g\. https:\/\/img\.example\.com\) with "cname": true, and "customUrl" to the same domain/

describe('a new mainland account', () => {
  test('the tutorial settings: upload and check both name PublicEndpointForbidden, its EC and request id, and the three settings to change', async () => {
    const server = await serverWith('new-mainland-account')
    const uploaded = await upload(tutorial(server))
    const checked = await check(tutorial(server))

    expect(printed(uploaded)).toMatch(PUBLIC_ENDPOINT_FIX)
    expect(uploaded.stdout).not.toMatch(/^https?:\/\/.*\.png$/m)
    expect(checked.code).toBe(1)
    expect(printed(checked)).toMatch(new RegExp(`✘ signature: .*${PUBLIC_ENDPOINT_FIX.source}`))
    expect(server.listKeys('test-bucket')).toEqual([])
  }, 60_000)

  test('with the bound domain and Block Public Access left on: check says how to serve the URLs, signed URLs then pass', async () => {
    const server = await serverWith('new-mainland-account')
    const publicUrls = await check(boundDomain(server))

    expect(publicUrls.code).toBe(1)
    expect(printed(publicUrls)).toMatch(/✔ write: stored img\/\.aliyun-oss-plus-check-/)
    expect(printed(publicUrls)).toMatch(
      /✘ url: GET http:\/\/localhost:\d+\/img\/.*: 403 AccessDenied \(request id [0-9A-F]{24}, EC 0003-00000001\): .*set "signedUrlExpires" above 0.*Block Public Access is on .*turn it off/
    )

    const signed = await check(boundDomain(server, { signedUrlExpires: 3600 }))
    expect(signed.code).toBe(0)
    expect(printed(signed)).toMatch(/connection OK, uploads will work/)
    expect(server.listKeys('test-bucket')).toEqual([])
  }, 60_000)

  test("the README's set-up (bound domain, Block Public Access turned off): check passes and the first upload serves its URL", async () => {
    const server = await serverWith({ publicEndpointForbidden: true, v1Refused: true, pathStyleRefused: true })
    const checked = await check(boundDomain(server))
    const uploaded = await upload(boundDomain(server))

    expect(checked.code).toBe(0)
    expect(printed(checked)).toMatch(/✔ url: http:\/\/localhost:\d+\/img\/.*serves the probe/)
    expect(uploaded.code).toBe(0)
    const url = uploaded.stdout.trimEnd().split('\n').at(-1) ?? ''
    expect(url).toMatch(new RegExp(`^http://localhost:${server.port}/img/[0-9a-f]{16}\\.png$`))
    const response = await fetch(url)
    expect(response.status).toBe(200)
    expect(server.listKeys('test-bucket')).toHaveLength(1)
  }, 60_000)
})

test('V1 refused: check and upload say to set "signatureVersion" to v4, with EC 0002-00000080', async () => {
  const server = await serverWith('v1-refused')
  const settings = boundDomain(server, { signatureVersion: 'v1' })
  const checked = await check(settings)
  const uploaded = await upload(settings)

  const fix =
    /403 AccessDenied \(request id [0-9A-F]{24}, EC 0002-00000080\): OSS no longer accepts V1 signatures for this account or bucket: set "signatureVersion" to v4/
  expect(checked.code).toBe(1)
  expect(printed(checked)).toMatch(fix)
  expect(printed(uploaded)).toMatch(fix)
  expect(server.listKeys('test-bucket')).toEqual([])
}, 60_000)

test('path-style refused: check says to turn "pathStyle" off', async () => {
  const server = await serverWith('path-style-refused')
  const checked = await check(tutorial(server, { pathStyle: true }))

  expect(checked.code).toBe(1)
  expect(printed(checked)).toMatch(
    /✘ signature: .*403 SecondLevelDomainForbidden \(request id [0-9A-F]{24}\): Aliyun OSS refuses path-style requests .*turn "pathStyle" off/
  )
}, 60_000)

test('Block Public Access with "acl" public-read: check and upload say to empty "acl" or turn Block Public Access off', async () => {
  const server = await serverWith('block-public-access')
  const settings = boundDomain(server, { acl: 'public-read' })
  const checked = await check(settings)
  const uploaded = await upload(settings)

  const fix = /403 AccessDenied \(request id [0-9A-F]{24}\): Block Public Access is on for this bucket .*set "acl" to empty or private/
  expect(printed(checked)).toMatch(new RegExp(`✘ write: .*${fix.source}`))
  expect(printed(uploaded)).toMatch(fix)
  expect(server.listKeys('test-bucket')).toEqual([])
}, 60_000)
