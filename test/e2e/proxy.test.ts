// PicGo's proxy setting (picBed.proxy, the CLI's --proxy) through the real PicGo, the real CLI and the real ali-oss:
// every OSS request, the check's URL fetch and migrate's remote fetches pass a local proxy (tools/http-proxy.ts) that
// logs them: absolute-form requests for an http endpoint, CONNECT for https (TLS in front of the local OSS server).
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { startHttpProxy, type HttpProxy } from '../../tools/http-proxy'
import { linkPlugin, PICGO_BIN, REPO_ROOT, runProcess, writePicGoConfig, type CliResult } from '../../tools/picgo-home'
import { startTlsFront, TEST_CERT, type TlsFront } from '../../tools/tls-front'
import { startImageHost } from '../fixtures/migrate/vault'
import { createPicGo, localSettings, tempDir, type TestPicGo } from '../helpers/picgo'
import { useOssServer } from '../helpers/oss-server'

const server = useOssServer()
let tls: TlsFront
let proxy: HttpProxy
let home: string

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'dist', 'proxy', 'agents.js'))) throw new Error('dist/ is missing or stale: run `npm run build` first')
  tls = await startTlsFront(server.port)
  proxy = await startHttpProxy()
  home = tempDir('picgo-proxy-home-')
  linkPlugin(home)
})
afterAll(async () => {
  await proxy.close()
  await tls.close()
})
beforeEach(() => {
  proxy.log.length = 0
  server.clearLog()
})

async function png(name: string, shade: number, dir = home): Promise<string> {
  const file = join(dir, name)
  writeFileSync(
    file,
    await sharp({ create: { width: 12, height: 8, channels: 3, background: { r: shade, g: 90, b: 30 } } })
      .png()
      .toBuffer()
  )
  return file
}

/** The real picgo CLI; the test certificate is trusted as a user trusts a corporate root, through NODE_EXTRA_CA_CERTS. */
function picgo(config: string, args: string[]): Promise<CliResult> {
  return runProcess(process.execPath, [PICGO_BIN, '-c', config, ...args], home, { ...process.env, FORCE_COLOR: '0', NODE_EXTRA_CA_CERTS: TEST_CERT })
}

function configWithProxy(settings: Record<string, unknown>, proxyUrl: string): string {
  const config = writePicGoConfig(home, settings)
  const written = JSON.parse(readFileSync(config, 'utf8')) as { picBed: Record<string, unknown> }
  writeFileSync(config, JSON.stringify({ ...written, picBed: { ...written.picBed, proxy: proxyUrl } }))
  return config
}

/**
 * Settings for a bound domain on this machine ("localhost", cname: true): the request's host is where it connects, as
 * with a real endpoint, so a proxy that routes by the absolute URL (as real ones do) reaches the server.
 */
function boundDomain(base: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return localSettings(server, { endpoint: base, cname: true, customUrl: base, ...overrides })
}
const httpBase = (): string => `http://localhost:${server.port}`
const httpsBase = (): string => `https://localhost:${tls.port}`
const keyOf = (url: string): string => decodeURIComponent(new URL(url).pathname.slice(1))

async function upload(picgo: TestPicGo, file: string): Promise<Array<{ imgUrl?: string }>> {
  return (await picgo.picgo.upload([file])) as Array<{ imgUrl?: string }>
}

const lastLine = (result: CliResult): string => result.stdout.replace(/\n$/, '').split('\n').at(-1) ?? ''

describe('a real PicGo with picBed.proxy set', () => {
  test('an upload to an http endpoint goes through the proxy in absolute form, every request', async () => {
    const picgo = createPicGo(boundDomain(httpBase(), { path: 'proxied/' }))
    picgo.picgo.setConfig({ 'picBed.proxy': proxy.url })
    const file = await png('through-proxy.png', 1, picgo.dir)
    const [uploaded] = await upload(picgo, file)
    // A small new image goes PUT first; the same image again is a known image, checked with a HEAD.
    await upload(picgo, file)
    await picgo.cleanup()

    expect(uploaded?.imgUrl).toMatch(new RegExp(`^${httpBase()}/proxied/[0-9a-f]{16}\\.png$`))
    expect(server.listKeys('test-bucket')).toContain(keyOf(uploaded?.imgUrl ?? ''))
    const ossRequests = server.requests.length
    expect(ossRequests).toBeGreaterThanOrEqual(2)
    // Every request the server saw came through the proxy, each as "METHOD http://localhost:<port>/…".
    expect(proxy.log).toHaveLength(ossRequests)
    for (const entry of proxy.log) expect(entry.target).toMatch(new RegExp(`^${httpBase()}/proxied/`))
    expect(proxy.log.map((e) => e.method)).toEqual(expect.arrayContaining(['HEAD', 'PUT']))
  })

  test('a user and password in the proxy URL go as Proxy-Authorization and are never printed', async () => {
    const guarded = await startHttpProxy({ credentials: 'alice:pw-s3cret-42' })
    try {
      const picgo = createPicGo(boundDomain(httpBase(), { path: 'auth/' }))
      picgo.picgo.setConfig({ 'picBed.proxy': `http://alice:pw-s3cret-42@127.0.0.1:${guarded.port}` })
      const [uploaded] = await upload(picgo, await png('with-auth.png', 2, picgo.dir))
      await picgo.cleanup()

      expect(uploaded?.imgUrl).toMatch(/\/auth\/[0-9a-f]{16}\.png$/)
      expect(guarded.log.length).toBeGreaterThanOrEqual(1)
      expect(guarded.log.every((e) => e.proxyAuthorization === `Basic ${Buffer.from('alice:pw-s3cret-42').toString('base64')}`)).toBe(true)
      expect(picgo.logs.join('\n')).not.toContain('pw-s3cret-42')
    } finally {
      await guarded.close()
    }
  })

  test('a proxy that refuses gives one sentence naming "picBed.proxy", and nothing reaches OSS', async () => {
    const refusing = await startHttpProxy({ refuse: true })
    try {
      const picgo = createPicGo(boundDomain(httpBase(), { retries: 0 }), { debug: false })
      picgo.picgo.setConfig({ 'picBed.proxy': refusing.url })
      await picgo.picgo.upload([await png('refused.png', 3, picgo.dir)])
      await picgo.cleanup()

      expect(refusing.log.length).toBeGreaterThan(0)
      expect(server.requests).toHaveLength(0)
      expect(picgo.logs.join('\n')).toMatch(/refused\.png\): 403 Forbidden: the answer had no OSS error body: a proxy \("picBed\.proxy"\)/)
    } finally {
      await refusing.close()
    }
  })

  test('a proxy that does not answer is named, its password hidden, instead of blaming the endpoint', async () => {
    const gone = await startHttpProxy()
    await gone.close()
    const picgo = createPicGo(boundDomain(httpBase(), { retries: 0 }), { debug: false })
    picgo.picgo.setConfig({ 'picBed.proxy': `http://bob:pw-hidden-77@127.0.0.1:${gone.port}` })
    await picgo.picgo.upload([await png('no-proxy.png', 4, picgo.dir)])
    await picgo.cleanup()

    const logs = picgo.logs.join('\n')
    expect(logs).toMatch(
      new RegExp(`ProxyUnreachable: could not connect to the proxy http://\\*\\*\\*@127\\.0\\.0\\.1:${gone.port} set in "picBed\\.proxy" \\(`)
    )
    expect(logs).not.toMatch(/check "endpoint"/)
    expect(logs + JSON.stringify(picgo.notifications)).not.toContain('pw-hidden-77')
    expect(server.requests).toHaveLength(0)
  })

  test.each([
    ['socks5://user:pw-socks@127.0.0.1:1080', '"socks5://***@127.0.0.1:1080"'],
    ['http://127.0.0.1:7890/path', '"http://127.0.0.1:7890/path"'],
    [7890, '7890 of type number']
  ])('picBed.proxy %p is refused in one sentence before anything is sent', async (value, shown) => {
    const picgo = createPicGo(localSettings(server), { debug: false })
    picgo.picgo.setConfig({ 'picBed.proxy': value })
    await picgo.picgo.upload([await png('bad-proxy.png', 5, picgo.dir)])
    await picgo.cleanup()

    expect(picgo.logs.join('\n')).toContain(`Expected an http:// proxy URL such as "http://127.0.0.1:7890" for "picBed.proxy" but received ${shown}`)
    expect(picgo.logs.join('\n')).not.toContain('pw-socks')
    expect(server.requests).toHaveLength(0)
  })
})

describe('the real picgo CLI with a proxy', () => {
  test('`picgo upload` to an https endpoint tunnels through the proxy with CONNECT and prints the URL last', async () => {
    const config = configWithProxy(boundDomain(httpsBase(), { path: 'tls/' }), proxy.url)
    const result = await picgo(config, ['upload', await png('over-tls.png', 6)])

    expect(result.code).toBe(0)
    expect(lastLine(result)).toMatch(new RegExp(`^${httpsBase()}/tls/[0-9a-f]{16}\\.png$`))
    expect(server.listKeys('test-bucket')).toContain(keyOf(lastLine(result)))
    expect(server.requests.length).toBeGreaterThanOrEqual(1)
    expect(proxy.log.length).toBeGreaterThan(0)
    expect(proxy.log.every((e) => e.method === 'CONNECT' && e.target === `localhost:${tls.port}`)).toBe(true)
  })

  test('`picgo upload --proxy <url>` (the CLI flag) sends through that proxy', async () => {
    const config = writePicGoConfig(home, boundDomain(httpBase(), { path: 'flag/' }))
    const result = await picgo(config, ['upload', '--proxy', proxy.url, await png('flag.png', 7)])

    expect(result.code).toBe(0)
    expect(lastLine(result)).toMatch(/\/flag\/[0-9a-f]{16}\.png$/)
    expect(proxy.log.map((e) => e.method)).toContain('PUT')
  })

  test('a proxy that refuses the tunnel: one sentence names the proxy, its password hidden, and it is not retried', async () => {
    const refusing = await startHttpProxy({ refuse: true })
    try {
      const proxyUrl = `http://carol:pw-tunnel-9@127.0.0.1:${refusing.port}`
      const config = configWithProxy(boundDomain(httpsBase()), proxyUrl)
      const result = await picgo(config, ['upload', await png('tunnel-refused.png', 8)])

      expect(refusing.log[0]).toMatchObject({ method: 'CONNECT', target: `localhost:${tls.port}` })
      expect(result.stdout).toContain(
        `ProxyRefused: the proxy http://***@127.0.0.1:${refusing.port} set in "picBed.proxy" refused the tunnel to localhost:${tls.port} (HTTP/1.1 403 Forbidden)`
      )
      expect(result.stdout).not.toMatch(/retry 1\//)
      expect(result.stdout + result.stderr).not.toContain('pw-tunnel-9')
      expect(server.requests).toHaveLength(0)
    } finally {
      await refusing.close()
    }
  })

  test('`picgo aliyun-oss-plus check` passes through the proxy, its URL fetch included', async () => {
    const config = configWithProxy(boundDomain(httpBase(), { path: 'check/' }), proxy.url)
    const result = await picgo(config, ['aliyun-oss-plus', 'check'])

    expect(result.stdout).toMatch(/aliyun-oss-plus: connection OK/)
    expect(result.code).toBe(0)
    // The probe's public URL, fetched by the url step: a GET of <customUrl>/check/….
    expect(proxy.log.filter((e) => e.method === 'GET').map((e) => e.target)).toEqual(
      expect.arrayContaining([expect.stringMatching(new RegExp(`^${httpBase()}/check/`))])
    )
    expect(proxy.log.length).toBe(server.requests.length)
  })

  test('`picgo aliyun-oss-plus migrate --include-remote` fetches remote images through the proxy', async () => {
    const image = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#345678' } })
      .png()
      .toBuffer()
    const other = await startImageHost({ '/pics/elsewhere.png': image })
    try {
      const vault = tempDir('proxy-vault-')
      writeFileSync(join(vault, 'note.md'), `# Note\n\n![elsewhere](${other.url}/pics/elsewhere.png)\n`)
      const config = configWithProxy(boundDomain(httpBase(), { path: 'migrated/' }), proxy.url)
      const result = await picgo(config, ['aliyun-oss-plus', 'migrate', '--include-remote', vault])

      expect(result.code).toBe(0)
      expect(other.hits).toEqual(['/pics/elsewhere.png'])
      expect(proxy.log).toContainEqual(expect.objectContaining({ method: 'GET', target: `${other.url}/pics/elsewhere.png` }))
      expect(proxy.log.filter((e) => e.method === 'PUT')).toHaveLength(1)
    } finally {
      await other.close()
    }
  })
})
