// Runs one measured upload through the real `picgo` CLI binary: `picgo -c <config> upload <files...>`,
// the way a user drops a folder on PicGo or Typora calls it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PICGO_BIN, runProcess } from '../tools/picgo-home'
import type { ProcessUsage } from './report-usage'

export interface PicGoUploadOptions {
  /** PicGo's config.json; its folder is the PicGo home and the child's cwd. */
  configPath: string
  home: string
  files: readonly string[]
  /** Set for the built-in uploader: its requests to *.aliyuncs.com go to this origin instead. */
  redirectAliyunTo?: string
}

export interface PicGoUploadResult {
  /** Spawn to exit, as the user waits for it (Node start and PicGo's load included). */
  wallMs: number
  usage: ProcessUsage
  exitCode: number | null
  /** The last `files.length` lines of stdout: one URL per file, as Typora reads them. */
  urls: string[]
  stderr: string
  stdout: string
}

const USAGE_PRELOAD = join(__dirname, 'report-usage.js')
const REDIRECT_PRELOAD = join(__dirname, 'redirect-aliyun.js')

export async function uploadWithPicGo(options: PicGoUploadOptions): Promise<PicGoUploadResult> {
  const scratch = mkdtempSync(join(tmpdir(), 'picgo-usage-'))
  const usageFile = join(scratch, 'usage.json')
  const preloads = ['-r', USAGE_PRELOAD]
  if (options.redirectAliyunTo) preloads.push('-r', REDIRECT_PRELOAD)
  const args = [...preloads, PICGO_BIN, '-c', options.configPath, 'upload', ...options.files]
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0', BENCH_USAGE_FILE: usageFile }
  if (options.redirectAliyunTo) env.BENCH_OSS_ORIGIN = options.redirectAliyunTo
  try {
    const started = process.hrtime.bigint()
    const { code, stdout, stderr } = await runProcess(process.execPath, args, options.home, env)
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6
    const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as ProcessUsage
    const urls = stdout
      .trimEnd()
      .split('\n')
      .slice(-options.files.length)
      .map((line) => line.trim())
    return { wallMs, usage, exitCode: code, urls, stdout, stderr }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

/** True when PicGo exited 0 and printed one http(s) URL per file. */
export function uploadedAll(result: PicGoUploadResult, fileCount: number): boolean {
  return result.exitCode === 0 && result.urls.length === fileCount && result.urls.every((url) => /^https?:\/\//.test(url))
}
