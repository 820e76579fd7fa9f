import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

export const PLUGIN_NAME = 'picgo-plugin-aliyun-oss-plus'

/** The repository root, whether this runs from tools/ (ts-jest) or build/tools/ (node). */
export const REPO_ROOT = findRepoRoot(__dirname)
export const PICGO_BIN = join(REPO_ROOT, 'node_modules', 'picgo', 'bin', 'picgo')

function findRepoRoot(start: string): string {
  for (let dir = start; dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json')
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === PLUGIN_NAME) return dir
  }
  throw new Error(`Cannot find the ${PLUGIN_NAME} repository above ${start}`)
}

function writeHomeManifest(home: string, dependencies: Record<string, string> = {}): void {
  writeFileSync(join(home, 'package.json'), JSON.stringify({ name: 'picgo-home', private: true, dependencies }))
}

/**
 * A PicGo home as a user's machine has it: the packed plugin (npm pack of dist/) installed from the
 * tarball with npm, from npm's cache where it can: npm ci caches the dependencies' tarballs, but only
 * the abbreviated registry metadata, and npm install asks for the full metadata. --ignore-scripts: dist/ is built
 * already, and "prepare" would rebuild it while other tests read it (the compat suite tests the rebuild).
 */
export function installPackedPlugin(home: string): void {
  writeHomeManifest(home)
  execFileSync('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', home], { cwd: REPO_ROOT, stdio: 'ignore' })
  const tarball = readdirSync(home).find((f) => f.endsWith('.tgz'))
  if (!tarball) throw new Error('npm pack produced no tarball; run npm run build first')
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', join(home, tarball)], { cwd: home, stdio: 'ignore' })
}

/** A PicGo home whose plugin is a link to this working tree: quick, for npm start and benchmarks. */
export function linkPlugin(home: string): void {
  writeHomeManifest(home, { [PLUGIN_NAME]: `file:${REPO_ROOT}` })
  mkdirSync(join(home, 'node_modules'), { recursive: true })
  symlinkSync(REPO_ROOT, join(home, 'node_modules', PLUGIN_NAME), 'dir')
}

export function writePicGoConfig(home: string, settings: Record<string, unknown>, uploader = 'aliyun-oss-plus'): string {
  const configPath = join(home, 'config.json')
  writeFileSync(
    configPath,
    JSON.stringify(
      {
        picBed: { uploader, current: uploader, [uploader]: settings },
        picgoPlugins: { [PLUGIN_NAME]: true }
      },
      null,
      2
    )
  )
  return configPath
}

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs the real `picgo` CLI binary, as Typora's custom command does. */
export function runPicGo(args: string[], cwd: string): Promise<CliResult> {
  return runProcess(process.execPath, [PICGO_BIN, ...args], cwd, { ...process.env, FORCE_COLOR: '0' })
}

/** Runs a program to its end and collects what it printed. */
export function runProcess(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
    })
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}
