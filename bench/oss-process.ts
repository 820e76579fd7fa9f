// The local OSS-compatible server in its own process (so its CPU is counted against neither side),
// and its admin API: stats, log reset, clear.
import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'

/** The one bucket and key pair the benchmarks' server accepts. */
export const BENCH_ACCESS = { bucket: 'bench-bucket', region: 'oss-cn-hangzhou', accessKeyId: 'bench-ak', accessKeySecret: 'bench-secret-value' }

export interface OssProcessOptions {
  bucket: string
  region: string
  accessKeyId: string
  accessKeySecret: string
}

/** GET /__admin/stats: request totals since the last log reset, and what the store holds now. */
export interface ServerStats {
  requests: number
  bytesIn: number
  bytesOut: number
  byMethod: Record<string, number>
  objects: number
  storedBytes: number
}

export interface OssProcess {
  /** 'http://127.0.0.1:PORT' */
  url: string
  pid: number
  stats(): Promise<ServerStats>
  /** Zeroes the request totals (objects stay). */
  resetLog(): Promise<void>
  /** Deletes every object. */
  clear(): Promise<void>
  stop(): Promise<void>
}

const START_TIMEOUT_MS = 15_000

/** Starts build/tools/oss-server/cli.js and waits for its `{"url": ...}` line. */
export async function startOssProcess(options: OssProcessOptions): Promise<OssProcess> {
  const cli = join(__dirname, '..', 'tools', 'oss-server', 'cli.js')
  const child = spawn(
    process.execPath,
    [cli, '--bucket', options.bucket, '--region', options.region, '--access-key-id', options.accessKeyId, '--access-key-secret', options.accessKeySecret],
    { stdio: ['pipe', 'pipe', 'inherit'] }
  )
  const url = await readListeningUrl(child)
  return {
    url,
    pid: child.pid ?? -1,
    stats: () => admin<ServerStats>(url, 'GET', 'stats'),
    resetLog: async () => {
      await admin(url, 'POST', 'reset-log')
    },
    clear: async () => {
      await admin(url, 'POST', 'clear')
    },
    stop: () => stopChild(child)
  }
}

function readListeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM')
      reject(new Error(`[bench] The OSS server did not print its URL within ${START_TIMEOUT_MS} ms.`))
    }, START_TIMEOUT_MS)
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })
    lines.once('line', (line) => {
      clearTimeout(timer)
      lines.close()
      try {
        resolve((JSON.parse(line) as { url: string }).url)
      } catch {
        reject(new Error(`[bench] Expected the OSS server's JSON line {"url": ...} but received ${JSON.stringify(line)}.`))
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`[bench] The OSS server exited with code ${code} before listening.`))
    })
  })
}

async function admin<T>(url: string, method: 'GET' | 'POST', route: string): Promise<T> {
  const response = await fetch(`${url}/__admin/${route}`, { method })
  const body = await response.text()
  if (!response.ok) throw new Error(`[bench] ${method} /__admin/${route}: ${response.status} ${body}`)
  return JSON.parse(body) as T
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.stdin?.end()
    child.kill('SIGTERM')
  })
}
