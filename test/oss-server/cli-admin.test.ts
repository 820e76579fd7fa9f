// Process mode: cli.ts compiled on the fly (transpiled into a temp dir, so this doesn't depend on the rest of the
// build), spawned as `node cli.js`, driven with ali-oss and the /__admin/ API.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import OSS from 'ali-oss'
import ts from 'typescript'
import { parseCliArgs } from '../../tools/oss-server/cli'

let buildDir: string

interface Started {
  child: ChildProcessWithoutNullStreams
  info: { url: string; bucket: string; region: string }
  exited: Promise<number | null>
}

function startCli(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, [join(buildDir, 'oss-server', 'cli.js'), ...args], { stdio: ['pipe', 'pipe', 'pipe'] })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return new Promise((resolve, reject) => {
    let output = ''
    let errors = ''
    child.stderr.on('data', (chunk: Buffer) => {
      errors += chunk.toString()
    })
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('\n')) resolve({ child, info: JSON.parse(output.split('\n')[0] ?? ''), exited })
    })
    child.once('exit', (code) => reject(new Error(`cli exited with ${code} before printing its URL: ${errors}`)))
  })
}

async function admin(url: string, method: string, route: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${url}/__admin/${route}`, { method, body: body === undefined ? undefined : JSON.stringify(body) })
  expect(response.status).toBe(200)
  return response.json()
}

beforeAll(() => {
  buildDir = mkdtempSync(join(tmpdir(), 'oss-server-cli-'))
  const tools = join(__dirname, '..', '..', 'tools')
  const sources = readdirSync(join(tools, 'oss-server'))
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join('oss-server', name))
  mkdirSync(join(buildDir, 'oss-server'))
  for (const file of [...sources, 'seeded-random.ts']) {
    const source = readFileSync(join(tools, file), 'utf8')
    const output = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } })
    writeFileSync(join(buildDir, file.replace(/\.ts$/, '.js')), output.outputText)
  }
})
afterAll(() => rmSync(buildDir, { recursive: true, force: true }))

test('parses flags and refuses unknown ones', () => {
  expect(parseCliArgs(['--port', '9000', '--bucket=pics', '--region', 'cn-beijing', '--private'])).toMatchObject({
    port: 9000,
    bucket: 'pics',
    region: 'oss-cn-beijing',
    acl: 'private',
    accessKeyId: 'test-ak',
    pathStyleOnly: false
  })
  expect(parseCliArgs(['--path-style-only'])).toMatchObject({ pathStyleOnly: true })
  expect(() => parseCliArgs(['--bukket', 'x'])).toThrow(/Unknown flag --bukket/)
  expect(() => parseCliArgs(['--port', 'abc'])).toThrow(/Expected a port between 0 and 65535 for --port but received abc/)
})

test('prints its URL, serves ali-oss, answers the admin API, and stops when stdin closes', async () => {
  const { child, info, exited } = await startCli(['--bucket', 'pics', '--region', 'oss-cn-shanghai', '--access-key-id', 'ak1', '--access-key-secret', 'sk1'])
  expect(info).toEqual({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), bucket: 'pics', region: 'oss-cn-shanghai' })

  const oss = new OSS({ accessKeyId: 'ak1', accessKeySecret: 'sk1', bucket: 'pics', region: 'oss-cn-shanghai', endpoint: info.url, authorizationV4: true })
  await oss.put('a.txt', Buffer.from('hello'))
  await oss.head('a.txt')
  expect(await admin(info.url, 'GET', 'stats')).toEqual({
    requests: 2,
    bytesIn: 5,
    bytesOut: 0,
    byMethod: { PUT: 1, HEAD: 1 },
    objects: 1,
    storedBytes: 5
  })
  const log = (await admin(info.url, 'GET', 'log')) as Array<{ method: string; headers: Record<string, string> }>
  expect(log.map((entry) => entry.method)).toEqual(['PUT', 'HEAD'])
  expect(log[0]?.headers['authorization']).toBe('OSS4-HMAC-SHA256')

  await admin(info.url, 'POST', 'faults', [{ kind: 'status', status: 500, count: 1 }])
  await expect(oss.put('b.txt', Buffer.from('x'))).rejects.toMatchObject({ status: 500, code: 'InternalError' })
  await admin(info.url, 'POST', 'reset-log')
  expect(await admin(info.url, 'GET', 'log')).toEqual([])
  await admin(info.url, 'POST', 'clear')
  expect(await admin(info.url, 'GET', 'stats')).toMatchObject({ requests: 0, objects: 0, storedBytes: 0 })

  child.stdin.end()
  expect(await exited).toBe(0)
})

test('stops on SIGTERM', async () => {
  const { child, exited } = await startCli([])
  child.kill('SIGTERM')
  expect(await exited).toBe(0)
})
