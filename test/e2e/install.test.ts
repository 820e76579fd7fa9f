// Packaging end to end: the npm tarball, unpacked into a folder, installed with PicGo's own `picgo install <folder>`
// into fresh PicGo homes, from npm's cache where it can (npm ci has put the dependencies' tarballs there); then the real `picgo` CLI
// selects, checks and uploads with it. Needs `npm run build` first.
import { execFile, execFileSync } from 'node:child_process'
import { existsSync, lstatSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import sharp from 'sharp'
import { localSettings, tempDir } from '../helpers/picgo'
import { PICGO_BIN, PLUGIN_NAME, REPO_ROOT, runPicGo, type CliResult } from '../../tools/picgo-home'
import { useOssServer } from '../helpers/oss-server'

const WRONG_SECRET = 'wrong-secret-9876543210'
const server = useOssServer()
let workDir = ''
let packedFiles: string[]
/** Fresh PicGo homes after `picgo install <folder>`: plainly, and with npm_config_install_links. */
const plain = { home: '', stdout: '' }
const linked = { home: '', stdout: '' }

/**
 * `picgo install <folder>`, preferring npm's cache: npm ci caches only the abbreviated registry metadata and this
 * install asks for the full one, so a fresh machine fetches that. PicGo's `npm install` reads npm_config_* from
 * the environment.
 */
async function install(target: { home: string; stdout: string }, folder: string, env: Record<string, string> = {}): Promise<void> {
  target.home = tempDir('picgo-install-')
  writeFileSync(join(target.home, 'config.json'), '{}')
  const { stdout } = await promisify(execFile)(process.execPath, [PICGO_BIN, '-c', join(target.home, 'config.json'), 'install', folder], {
    cwd: target.home,
    env: { ...process.env, FORCE_COLOR: '0', npm_config_prefer_offline: 'true', ...env }
  })
  target.stdout = stdout
}

const readConfig = (path: string): { picBed: Record<string, unknown>; picgoPlugins?: Record<string, boolean> } => JSON.parse(readFileSync(path, 'utf8'))

/** A config file of its own in the installed home (PicGo loads plugins from the config file's folder). */
function configFile(name: string, settings: Record<string, unknown>): string {
  const path = join(linked.home, `${name}.json`)
  writeFileSync(
    path,
    JSON.stringify({
      picBed: { uploader: 'aliyun-oss-plus', current: 'aliyun-oss-plus', 'aliyun-oss-plus': settings },
      picgoPlugins: { [PLUGIN_NAME]: true }
    })
  )
  return path
}

const check = (configPath: string): Promise<CliResult> => runPicGo(['-c', configPath, 'aliyun-oss-plus', 'check'], linked.home)

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'dist', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first')
  workDir = tempDir('plugin-pack-')
  const [pack] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', workDir], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore']
    })
  )
  packedFiles = pack.files.map((file: { path: string }) => file.path)
  const folder = join(workDir, PLUGIN_NAME)
  mkdirSync(folder)
  execFileSync('tar', ['-xzf', join(workDir, pack.filename), '-C', folder, '--strip-components=1'])
  await Promise.all([install(plain, folder), install(linked, folder, { npm_config_install_links: 'true' })])
}, 60_000)
afterAll(async () => {
  for (const dir of [workDir, plain.home, linked.home]) if (dir) rmSync(dir, { recursive: true, force: true })
})

// `npm pack --json` reports the same file list as `npm pack --dry-run --json`, here for the tarball installed below.
test('the package ships only dist/, the watermark font (assets/), README.md, LICENSE and package.json', () => {
  expect(packedFiles.filter((path) => !path.startsWith('dist/')).sort()).toEqual([
    'LICENSE',
    'README.md',
    'assets/watermark-font-OFL.txt',
    'assets/watermark-font.otf',
    'package.json'
  ])
  expect(packedFiles).toEqual(expect.arrayContaining(['dist/index.js', 'dist/index.d.ts', 'dist/commands/check/command.js', 'dist/gallery/remove.js']))
  expect(packedFiles.some((path) => path.endsWith('.map') || path.includes('test'))).toBe(false)
})

// npm ≥ 7 installs a local folder as a symlink and leaves the folder's own dependencies uninstalled.
test('plain `picgo install <folder>` links the folder without its dependencies, so PicGo cannot load the plugin', () => {
  expect(lstatSync(join(plain.home, 'node_modules', PLUGIN_NAME)).isSymbolicLink()).toBe(true)
  expect(plain.stdout).toMatch(/Cannot find module 'ali-oss'/)
  expect(readConfig(join(plain.home, 'config.json')).picgoPlugins?.[PLUGIN_NAME]).not.toBe(true)
})

test('`picgo install <folder>` with npm_config_install_links installs the plugin with its dependencies and enables it', () => {
  expect(linked.stdout).toMatch(/Plugin installed successfully/)
  expect(linked.stdout).not.toMatch(/Cannot find module/)
  expect(lstatSync(join(linked.home, 'node_modules', PLUGIN_NAME)).isDirectory()).toBe(true)
  expect(existsSync(join(linked.home, 'node_modules', 'ali-oss'))).toBe(true)
  expect(readConfig(join(linked.home, 'config.json')).picgoPlugins?.[PLUGIN_NAME]).toBe(true)
})

test('`picgo use uploader aliyun-oss-plus` selects the installed uploader, and `picgo upload` then uses it', async () => {
  const configPath = join(linked.home, 'config.json')
  const config = readConfig(configPath)
  writeFileSync(configPath, JSON.stringify({ ...config, picBed: { ...config.picBed, 'aliyun-oss-plus': localSettings(server) } }))

  const used = await runPicGo(['-c', configPath, 'use', 'uploader', 'aliyun-oss-plus'], linked.home)

  expect(used.stdout).toMatch(/Activated config successfully/)
  expect(readConfig(configPath).picBed).toMatchObject({ uploader: 'aliyun-oss-plus', current: 'aliyun-oss-plus' })
  const image = join(linked.home, 'installed.png')
  writeFileSync(
    image,
    await sharp({ create: { width: 20, height: 10, channels: 3, background: '#208040' } })
      .png()
      .toBuffer()
  )
  const uploaded = await runPicGo(['-c', configPath, 'upload', image], linked.home)
  const url = uploaded.stdout.trimEnd().split('\n').at(-1) ?? ''
  expect(url).toMatch(new RegExp(`^${server.url}/test-bucket/img/[0-9a-f]{16}\\.png$`))
  expect((await fetch(url)).status).toBe(200)
}, 30_000)

test('`picgo aliyun-oss-plus check` prints a passed line per step and exits 0', async () => {
  const result = await check(configFile('check-ok', localSettings(server)))

  for (const step of ['signature', 'write', 'read', 'url', 'delete']) expect(result.stdout).toMatch(new RegExp(`\\[PicGo SUCCESS\\]: ✔ ${step}: `))
  expect(result.stdout).toMatch(/aliyun-oss-plus: connection OK/)
  expect(result.code).toBe(0)
  expect(server.listKeys('test-bucket').filter((key) => key.includes('-check-'))).toEqual([])
}, 30_000)

test('`picgo aliyun-oss-plus check` with a wrong secret prints the failed step and exits 1, never showing the secret', async () => {
  const result = await check(configFile('check-wrong-secret', localSettings(server, { accessKeySecret: WRONG_SECRET })))

  expect(result.stdout).toMatch(
    /\[PicGo ERROR\]: ✘ signature: \[GET\] img\/\.aliyun-oss-plus-check-\w+\.png: 403 SignatureDoesNotMatch \(request id [0-9A-F]{24}\): check "accessKeySecret"/
  )
  expect(result.stdout).toMatch(/check failed at signature/)
  expect(result.code).toBe(1)
  expect(result.stdout + result.stderr).not.toContain(WRONG_SECRET)
}, 30_000)
