// The compatibility suite (npm run test:compat): the plugin, packed from a clean copy of the repository, installed by
// each PicGo core users run (test/compat/hosts.ts) with its own `picgo install`, on the Node that core runs on, then
// used as the PicGo app, the CLI and Typora use it, against the local OSS server. Rows run side by side.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import sharp from 'sharp'
import { startOssServer, type OssServer } from '../../tools/oss-server'
import { PLUGIN_NAME, REPO_ROOT, runProcess, type CliResult } from '../../tools/picgo-home'
import { keyOfUrl, localSettings, TEST_AK, tempDir } from '../helpers/picgo'
import { HOSTS, type Host } from './hosts'
import { coreCli, coreDir, installCore, installNode, installPluginWithCore, nodeBinary, packFromCleanCopy } from './installs'
import { freePort } from '../helpers/free-port'

interface SchemaField {
  name: string
  alias: string
  message: string
  required: boolean
  type: string
}
interface DriverResult {
  error?: string
  node: string
  core: string
  plugins: string[]
  uploaders: string[]
  loaded: { count: number; failures: string[] }
  schema: Record<'zh-CN' | 'en', SchemaField[]>
  upload: Array<{ imgUrl: string; ossKey: string; type: string }>
  failures: string[]
  afterRemove: number
  server?: { status: number; body: { success: boolean; result: string[] } }
}
interface Row {
  installLog: string
  driver: DriverResult
  cli: CliResult
  cliImages: string[]
  check: CliResult
}

let server: OssServer
let workDir = ''
let packed: Awaited<ReturnType<typeof packFromCleanCopy>>
/** `npm install git+file://<this repository>`: what npm does for a git URL (clone HEAD, install, prepare, pack). */
let gitInstall: Promise<CliResult & { folder: string }>
const rows = new Map<string, Row>()
/** COMPAT_ROWS=picgo-1.4,piclist runs only the rows whose ids start so (while working on one host); unset, every row. */
const ROW_PREFIXES = (process.env.COMPAT_ROWS ?? '')
  .split(',')
  .map((prefix) => prefix.trim())
  .filter(Boolean)
const ROWS = ROW_PREFIXES.length === 0 ? HOSTS : HOSTS.filter((host) => ROW_PREFIXES.some((prefix) => host.id.startsWith(prefix)))

/**
 * The dist/ files that load sharp when they load, so where sharp cannot load only these may fail to: directly, or
 * through another dist/ file they require at their top level (an unindented line; a require inside a function, as
 * the lazy load of the compression stage, runs only when called).
 */
function distFilesImportingSharp(): string[] {
  const dist = join(REPO_ROOT, 'dist')
  const requires = new Map<string, string[]>()
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = join(dir, entry.name)
      if (entry.isDirectory()) walk(file)
      else if (entry.name.endsWith('.js'))
        requires.set(
          file,
          [...readFileSync(file, 'utf8').matchAll(/^\S.*?require\("([^"]+)"\)/gm)].map((match) => match[1] as string)
        )
    }
  }
  walk(dist)
  const loadsSharp = (file: string, seen = new Set<string>()): boolean => {
    if (seen.has(file)) return false
    seen.add(file)
    return (requires.get(file) ?? []).some(
      (request) =>
        request === 'sharp' ||
        (request.startsWith('.') && [`${request}.js`, join(request, 'index.js')].some((target) => loadsSharp(join(dirname(file), target), seen)))
    )
  }
  return [...requires.keys()].filter((file) => loadsSharp(file)).map((file) => relative(dist, file))
}

async function image(file: string, shade: number): Promise<string> {
  writeFileSync(
    file,
    await sharp({ create: { width: 24, height: 16, channels: 3, background: { r: shade, g: 120, b: 40 } } })
      .png()
      .toBuffer()
  )
  return file
}

/** One row: install, then the app's API (driver.js), the CLI upload and the CLI check, on the row's Node. */
async function exercise(host: Host, index: number): Promise<Row> {
  const home = join(workDir, host.id)
  const installLog = await installPluginWithCore(host, home, packed.folder)
  const config = join(home, 'config.json')
  const installed = JSON.parse(readFileSync(config, 'utf8')) as Record<string, unknown>
  const settings = localSettings(server, { path: `compat/${host.id}/` })
  writeFileSync(config, JSON.stringify({ ...installed, picBed: { uploader: 'aliyun-oss-plus', current: 'aliyun-oss-plus', 'aliyun-oss-plus': settings } }))
  const shade = 10 * index
  const svg = join(home, 'drawing.svg')
  writeFileSync(
    svg,
    `<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="${index}" fill="#123"/><script>alert(1)</script></svg>`
  )
  const apiImages = [await image(join(home, 'api-1.png'), shade), await image(join(home, 'server-1.png'), shade + 1), svg]
  const cliImages = [await image(join(home, 'cli-1.png'), shade + 2), await image(join(home, 'cli 2.png'), shade + 3)]
  const env = { ...process.env, FORCE_COLOR: '0' }
  const node = nodeBinary(host.node)

  const job = { core: coreDir(host), config, images: apiImages, serverPort: host.hasServer ? await freePort() : 0 }
  const run = await runProcess(node, [join(__dirname, 'driver.js'), JSON.stringify(job)], home, env)
  const line = run.stdout.split('\n').find((l) => l.startsWith('COMPAT-RESULT '))
  const driver = line
    ? (JSON.parse(line.slice('COMPAT-RESULT '.length)) as DriverResult)
    : ({ error: `no result: ${run.stdout}\n${run.stderr}` } as DriverResult)
  // The API run switched on deleteOnRemove and the language; the CLI runs see the settings as written above.
  writeFileSync(config, JSON.stringify({ ...installed, picBed: { uploader: 'aliyun-oss-plus', current: 'aliyun-oss-plus', 'aliyun-oss-plus': settings } }))
  const cli = await runProcess(node, [coreCli(host), '-c', config, 'upload', ...cliImages], home, env)
  const check = await runProcess(node, [coreCli(host), '-c', config, 'aliyun-oss-plus', 'check'], home, env)
  return { installLog, driver, cli, cliImages, check }
}

async function installFromGit(folder: string): Promise<CliResult & { folder: string }> {
  mkdirSync(folder)
  writeFileSync(join(folder, 'package.json'), '{"private":true}')
  const args = ['install', '--prefer-offline', '--no-audit', '--no-fund', `git+file://${REPO_ROOT}`]
  return { ...(await runProcess('npm', args, folder, process.env)), folder }
}

beforeAll(async () => {
  server = await startOssServer({ credentials: [TEST_AK] })
  workDir = tempDir('picgo-compat-')
  gitInstall = installFromGit(join(workDir, 'from-git'))
  const nodes = [...new Set(ROWS.map((h) => h.node))]
  ;[packed] = await Promise.all([packFromCleanCopy(workDir), ...nodes.map(installNode), ...ROWS.map(installCore)])
  const results = await Promise.all(ROWS.map((host, index) => exercise(host, index + 1)))
  ROWS.forEach((host, index) => rows.set(host.id, results[index] as Row))
}, 30 * 60_000)
afterAll(async () => {
  await server?.close()
  if (workDir) rmSync(workDir, { recursive: true, force: true })
})

describe('a newcomer, from a clone', () => {
  test('`npm pack` builds dist/ through "prepare" and ships it', () => {
    expect(packed.files).toEqual(expect.arrayContaining(['dist/index.js', 'dist/uploader/upload.js', 'package.json', 'README.md']))
  })

  // Only what is committed: npm clones HEAD.
  test(
    '`npm install <git URL>` builds dist/ through "prepare" in the clone and installs a plugin that loads',
    async () => {
      const { code, stderr, folder } = await gitInstall
      expect(stderr).not.toMatch(/npm error/)
      expect(code).toBe(0)
      const installed = join(folder, 'node_modules', PLUGIN_NAME)
      const loaded = await runProcess(process.execPath, ['-e', `console.log(typeof require(${JSON.stringify(installed)}))`], folder, process.env)
      expect(loaded.stdout.trim()).toBe('function')
    },
    15 * 60_000
  )

  test('npm resolves the plugin next to picgo 2.0.3 in one folder (the peer range covers every tested core)', async () => {
    const folder = join(workDir, 'next-to-picgo-2')
    mkdirSync(folder)
    writeFileSync(join(folder, 'package.json'), '{"private":true}')
    const result = await runProcess(
      'npm',
      ['install', '--dry-run', '--prefer-offline', '--no-audit', '--no-fund', 'picgo@2.0.3', packed.tarball],
      folder,
      process.env
    )

    expect(result.stderr).not.toMatch(/ERESOLVE/)
    expect(result.code).toBe(0)
  })

  test('the README gives the steps this suite runs: build, pack, unpack into a folder named after the package, install with links', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')
    expect(readme).toContain('npm_config_install_links=true picgo install')
    expect(readme).toContain(`mkdir ${PLUGIN_NAME}`)
    expect(readme).toMatch(/tar -xzf [^\n]*--strip-components=1/)
  })
})

describe.each(ROWS)('$id ($usedBy)', (host) => {
  const row = (): Row => rows.get(host.id) as Row
  const urlPattern = (): RegExp => new RegExp(`^${server.url}/test-bucket/compat/${host.id}/[0-9a-f]{16}\\.png$`)

  test('its own `picgo install <folder>` installs the packed plugin, which loads and registers the uploader', () => {
    const { installLog, driver } = row()
    expect(installLog).toMatch(/SUCCESS\]: (Plugin installed successfully|插件安装成功)/)
    expect(installLog).not.toMatch(/npm error|ERR!/)
    expect(driver.error).toBeUndefined()
    expect(driver.node).toBe(`v${host.node}`)
    expect(driver.core).toBe(host.core.version)
    expect(driver.plugins).toContain(PLUGIN_NAME)
    expect(driver.uploaders).toContain('aliyun-oss-plus')
  })

  if (host.lacks?.includes('sharp')) {
    test(`on Node ${host.node} every file of dist/ loads but those importing sharp, which the plugin loads only to compress`, () => {
      const { loaded } = row().driver
      const failed = loaded.failures.map((failure) => failure.slice(0, failure.indexOf(': ')))
      expect(failed.map((file) => file.replace(/^.*\/dist\//, '')).sort()).toEqual(distFilesImportingSharp().sort())
      expect(loaded.count).toBeGreaterThan(30)
    })
  } else {
    test(`every file of dist/ loads on Node ${host.node}`, () => {
      const { loaded } = row().driver
      expect(loaded.failures).toEqual([])
      expect(loaded.count).toBeGreaterThan(30)
    })
  }

  test('the settings form comes in zh-CN and en, the required settings first', () => {
    const { schema } = row().driver
    const bucket = (language: 'zh-CN' | 'en'): SchemaField | undefined => schema[language].find((f) => f.name === 'bucket')
    expect(bucket('zh-CN')?.alias).toMatch(host.lacks?.includes('i18n') ? /^Bucket$/ : /存储空间/)
    expect(bucket('en')?.alias).toBe('Bucket')
    for (const language of ['zh-CN', 'en'] as const) {
      expect(schema[language].filter((f) => f.required).map((f) => f.name)).toEqual(['accessKeyId', 'accessKeySecret', 'bucket', 'region'])
      expect(schema[language].every((f) => f.alias !== '' && f.message !== '')).toBe(true)
    }
  })

  test('an upload through the API (as the app does it) returns the URL of the stored object', () => {
    const [uploaded] = row().driver.upload
    expect(uploaded?.imgUrl).toMatch(urlPattern())
    expect(uploaded?.ossKey).toBe(keyOfUrl(uploaded?.imgUrl ?? ''))
  })

  if (host.lacks?.includes('sharp')) {
    test('an SVG is refused, not published unsanitised, with a sentence that names it and the way out', () => {
      const { upload, failures } = row().driver
      expect(upload.filter((item) => item.imgUrl.endsWith('.svg'))).toEqual([])
      expect(server.listKeys('test-bucket').filter((key) => key.startsWith(`compat/${host.id}/`) && key.endsWith('.svg'))).toEqual([])
      expect(failures.join('\n')).toMatch(
        /drawing\.svg: not uploaded, because the SVG sanitiser could not run \(.+\); Node 12\.22\.12 is older than 16 .*"Custom Command"/
      )
    })

    test('`picgo upload` stores the images uncompressed and says once, in a WARN, where compression is', () => {
      const { cli, cliImages } = row()
      const urls = cli.stdout.replace(/\n$/, '').split('\n').slice(-cliImages.length)
      urls.forEach((url, index) => expect(server.getObject('test-bucket', keyOfUrl(url))?.body.equals(readFileSync(cliImages[index] as string))).toBe(true))
      const warns = cli.stdout.split('\n').filter((line) => /WARN\]: .*sharp could not be loaded/.test(line))
      expect(warns).toHaveLength(1)
      expect(warns[0]).toMatch(
        /uploading originals without compression .*For compression: Node 12\.22\.12 is older than 16 .*in Typora choose "Custom Command"/
      )
    })
  } else {
    test('an SVG uploaded through the API is stored sanitised', () => {
      const drawing = row().driver.upload[1]
      expect(drawing?.imgUrl).toMatch(new RegExp(`^${server.url}/test-bucket/compat/${host.id}/[0-9a-f]{16}\\.svg$`))
      const stored = server.getObject('test-bucket', drawing?.ossKey ?? '')?.body.toString() ?? ''
      expect(stored).toMatch(/<rect/)
      expect(stored).not.toMatch(/<script/)
    })
  }

  test('removing the entry from the gallery, as the app emits it, deletes the object', () => {
    const { driver } = row()
    expect(driver.afterRemove).toBe(404)
    expect(server.listKeys('test-bucket')).not.toContain(driver.upload[0]?.ossKey)
  })

  test('`picgo upload` ends stdout with one URL per file, as Typora reads it', async () => {
    const { cli, cliImages } = row()
    expect(cli.code).toBe(0)
    const lines = cli.stdout.replace(/\n$/, '').split('\n')
    const urls = lines.slice(-cliImages.length)
    for (const url of urls) {
      expect(url).toMatch(urlPattern())
      expect(server.listKeys('test-bucket')).toContain(keyOfUrl(url))
    }
    expect(new Set(urls).size).toBe(cliImages.length)
    expect(lines.at(-cliImages.length - 1)).toMatch(/SUCCESS\]:/)
  })

  test('`picgo aliyun-oss-plus check` passes every step and exits 0', () => {
    const { check } = row()
    for (const step of ['signature', 'write', 'read', 'url', 'delete']) expect(check.stdout).toMatch(new RegExp(`SUCCESS\\]: ✔ ${step}: `))
    expect(check.stdout).toMatch(/aliyun-oss-plus: connection OK/)
    expect(check.code).toBe(0)
  })

  if (host.hasServer) {
    test("`picgo server` POST /upload (Typora's PicGo app option) answers the URL", () => {
      const answer = row().driver.server
      expect(answer?.status).toBe(200)
      expect(answer?.body.success).toBe(true)
      expect(answer?.body.result[0]).toMatch(urlPattern())
    })
  }
})
