import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PROFILES, startOssServer } from '../tools/oss-server'
import { linkPlugin, REPO_ROOT, runPicGo, writePicGoConfig } from '../tools/picgo-home'

const SAMPLES = join(REPO_ROOT, 'samples')
const DEMO = { accessKeyId: 'demo-ak', accessKeySecret: 'demo-secret-value', bucket: 'demo-bucket', region: 'oss-cn-hangzhou' }

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`

/** Uploads the sample images through the real picgo CLI to the local OSS server, twice. */
async function main(): Promise<void> {
  const serve = process.argv.includes('--serve')
  // `npm start -- --profile new-mainland-account`: today's OSS for a new mainland account (tools/oss-server/profiles.ts).
  const profileAt = process.argv.indexOf('--profile')
  const profileName = profileAt < 0 ? 'before-2025' : (process.argv[profileAt + 1] ?? '')
  const profile = PROFILES[profileName]
  if (!profile) throw new Error(`Expected one of ${Object.keys(PROFILES).join(', ')} after --profile but received ${JSON.stringify(profileName)}`)
  const server = await startOssServer({ credentials: [DEMO], buckets: [{ name: DEMO.bucket, region: DEMO.region }], profile })
  const home = mkdtempSync(join(tmpdir(), 'picgo-demo-'))
  try {
    linkPlugin(home)
    const config = writePicGoConfig(home, { ...DEMO, ...demoAddressing(server.port, server.url, profile) })
    const files = readdirSync(SAMPLES)
      .filter((f) => /\.(jpe?g|png|gif|webp)$/i.test(f))
      .map((f) => join(SAMPLES, f))
    console.log(`Local OSS server: ${server.url} (bucket ${DEMO.bucket}, profile ${profileName})`)
    console.log(`$ picgo -c ${config} upload ${files.map((f) => JSON.stringify(f)).join(' ')}\n`)

    const first = await runPicGo(['-c', config, 'upload', ...files], home)
    process.stdout.write(first.stdout)
    const urls = first.stdout.trimEnd().split('\n').slice(-files.length)
    if (first.code !== 0 || urls.some((url) => !url.startsWith('http'))) throw new Error(`picgo upload failed:\n${first.stderr}`)

    console.log('\nfile                              original     stored   saved  URL')
    let before = 0
    let after = 0
    for (const [index, file] of files.entries()) {
      const url = urls[index] as string
      const response = await fetch(url)
      const stored = Buffer.from(await response.arrayBuffer())
      const original = readFileSync(file).length
      before += original
      after += stored.length
      if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`)
      const name = padToWidth(file.split('/').pop() as string, 30)
      console.log(
        `${name} ${kb(original).padStart(10)} ${kb(stored.length).padStart(10)} ${`${Math.round(100 - (100 * stored.length) / original)}%`.padStart(6)}  ${url}`
      )
    }
    console.log(`total: ${kb(before)} → ${kb(after)}, ${Math.round(100 - (100 * after) / before)}% smaller`)

    server.clearLog()
    const second = await runPicGo(['-c', config, 'upload', ...files], home)
    const again = second.stdout.trimEnd().split('\n').slice(-files.length)
    const sent = server.requests.reduce((sum, r) => sum + r.bytesIn, 0)
    const methods = server.requests.map((r) => r.method).join(', ')
    // Signed URLs (Block Public Access) carry their signing time: the same object is the same URL up to the query.
    const same = again.every((url, i) => url.split('?')[0] === urls[i]?.split('?')[0])
    console.log(`\nUploaded again: ${server.requests.length} requests (${methods}), ${sent} bytes sent, ${same ? 'same URLs' : 'DIFFERENT URLs'}`)
    if (!same) throw new Error('the second upload returned other URLs')

    if (serve) {
      console.log(`\nServing the bucket at ${server.url}/${DEMO.bucket}/… — press Ctrl+C to stop.`)
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()))
    }
  } finally {
    rmSync(home, { recursive: true, force: true })
    await server.close()
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})

/**
 * Before 2025: the server's IP as endpoint, path-style URLs. Under a profile, what the README tells a new mainland user:
 * the bound domain (localhost stands for it) as endpoint with cname and as customUrl, signed URLs under Block Public Access.
 */
function demoAddressing(port: number, url: string, profile: Readonly<Record<string, boolean | undefined>>): Record<string, unknown> {
  if (Object.keys(profile).length === 0) return { endpoint: url, customUrl: `${url}/${DEMO.bucket}` }
  const domain = `http://localhost:${port}`
  return { endpoint: domain, cname: true, customUrl: domain, ...(profile.blockPublicAccess ? { signedUrlExpires: 3600 } : {}) }
}

/** Pads to a width in terminal columns: CJK and full-width characters take two. */
function padToWidth(text: string, columns: number): string {
  const wide = text.match(/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/g)?.length ?? 0
  return text.padEnd(columns - wide)
}
