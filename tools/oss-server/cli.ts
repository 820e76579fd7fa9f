// Process mode: `node build/tools/oss-server/cli.js [--port N] [--bucket NAME] [--region R]
//   [--access-key-id ID] [--access-key-secret SECRET] [--private] [--path-style-only] [--profile NAME]`
// Prints one JSON line {"url","bucket","region"} once listening, then serves until SIGTERM/SIGINT,
// until stdin closes (when stdin is a pipe), or until the parent process dies.
import { fstatSync } from 'node:fs'
import { DEFAULT_BUCKET, DEFAULT_CREDENTIAL, startOssServer, type OssServer } from './index'
import { profileNamed } from './profiles'

interface CliOptions {
  port: number
  bucket: string
  region: string
  accessKeyId: string
  accessKeySecret: string
  acl: 'private' | 'public-read'
  pathStyleOnly: boolean
  /** A name from PROFILES (profiles.ts); default 'before-2025'. */
  profile: string
}

const VALUE_FLAGS = new Set(['--port', '--bucket', '--region', '--access-key-id', '--access-key-secret', '--profile'])
const PARENT_CHECK_MS = 1000

export function parseCliArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = {
    port: 0,
    bucket: DEFAULT_BUCKET.name,
    region: DEFAULT_BUCKET.region,
    accessKeyId: DEFAULT_CREDENTIAL.accessKeyId,
    accessKeySecret: DEFAULT_CREDENTIAL.accessKeySecret,
    acl: 'public-read',
    pathStyleOnly: false,
    profile: 'before-2025'
  }
  for (let i = 0; i < argv.length; i++) {
    const [flag = '', inlineValue] = (argv[i] ?? '').split(/=(.*)/s)
    if (flag === '--private') {
      options.acl = 'private'
      continue
    }
    if (flag === '--path-style-only') {
      options.pathStyleOnly = true
      continue
    }
    if (!VALUE_FLAGS.has(flag)) throw new Error(`[oss-server] Unknown flag ${flag}. Flags: ${[...VALUE_FLAGS].join(', ')}, --private, --path-style-only.`)
    const value = inlineValue ?? argv[++i]
    if (value === undefined || value === '') throw new Error(`[oss-server] Expected a value for ${flag}.`)
    switch (flag) {
      case '--port': {
        const port = Number(value)
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new Error(`[oss-server] Expected a port between 0 and 65535 for --port but received ${value}.`)
        options.port = port
        break
      }
      case '--bucket':
        options.bucket = value
        break
      case '--region':
        options.region = value.startsWith('oss-') ? value : `oss-${value}`
        break
      case '--access-key-id':
        options.accessKeyId = value
        break
      case '--access-key-secret':
        options.accessKeySecret = value
        break
      case '--profile':
        profileNamed(value)
        options.profile = value
        break
    }
  }
  return options
}

async function main(): Promise<void> {
  const options = parseCliArgs(process.argv.slice(2))
  const server = await startOssServer({
    port: options.port,
    buckets: [{ name: options.bucket, region: options.region, acl: options.acl }],
    credentials: [{ accessKeyId: options.accessKeyId, accessKeySecret: options.accessKeySecret }],
    pathStyleOnly: options.pathStyleOnly,
    profile: options.profile
  })
  // Handlers first: a parent may signal us as soon as it reads the line.
  stopWhenOrphaned(server)
  process.stdout.write(`${JSON.stringify({ url: server.url, bucket: options.bucket, region: options.region })}\n`)
}

function stopWhenOrphaned(server: OssServer): void {
  let stopping = false
  const stop = (): void => {
    if (stopping) return
    stopping = true
    void server.close().finally(() => process.exit(0))
    setTimeout(() => process.exit(0), 2000).unref()
  }
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
  process.once('SIGHUP', stop)

  // A parent that holds our stdin as a pipe closes it when it dies, however it dies.
  // stdin from a terminal or /dev/null says nothing about the parent, so it is left alone.
  if (stdinIsPipe()) {
    process.stdin.on('data', () => undefined)
    process.stdin.once('end', stop)
    process.stdin.once('close', stop)
    process.stdin.once('error', stop)
  }
  // Whatever stdin is, being re-parented means the parent is gone.
  const parent = process.ppid
  setInterval(() => {
    if (process.ppid !== parent) stop()
  }, PARENT_CHECK_MS).unref()
}

function stdinIsPipe(): boolean {
  try {
    const stat = fstatSync(0)
    return stat.isFIFO() || stat.isSocket()
  } catch {
    return false
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(2)
  })
}
