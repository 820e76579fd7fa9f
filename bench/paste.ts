// `npm run bench:paste [corpusDir]`: how long a Typora user waits from paste to URL. One `picgo upload` per image
// through the real CLI, PicGo's built-in `aliyun` uploader against the plugin at default settings, side by side,
// over a modelled home uplink (tools/link-model.ts) in front of the local OSS server. Writes bench/results/paste.md.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { REPO_ROOT } from '../tools/picgo-home'
import { type LinkModel, startLinkModel } from '../tools/link-model'
import { BENCH_ACCESS, type OssProcess, startOssProcess } from './oss-process'
import { type PasteImage, pasteImages } from './paste-images'
import { judgePaste, renderPasteReport, type PasteRun } from './paste-report'
import { builtInAliyunHome, forgetKnownImages, type PicGoHome, pluginHome } from './picgo-homes'
import { uploadedAll, uploadWithPicGo } from './run-picgo'

export const UPLINKS_MBIT = [5, 20, 100]
export const RTT_MS = 30
const ROUNDS = 3
/** The downlink of a home line is several times its uplink; answers are a few hundred bytes either way. */
const DOWN_PER_UP = 5

async function main(): Promise<void> {
  const corpusDir = process.argv[2] ?? join(REPO_ROOT, 'bench', 'corpus')
  const work = mkdtempSync(join(tmpdir(), 'picgo-paste-'))
  const server = await startOssProcess(BENCH_ACCESS)
  try {
    const images = await pasteImages(corpusDir, work)
    const runs: PasteRun[] = []
    for (const upMbit of UPLINKS_MBIT) {
      const link = await startLinkModel({ origin: server.url, upMbit, downMbit: upMbit * DOWN_PER_UP, rttMs: RTT_MS })
      try {
        const homes = homesBehind(link, work, upMbit)
        await pasteOnce(server, link, homes, images[images.length - 1]!, upMbit, 0, true) // warm-up: disk cache, PicGo's first start
        for (let round = 1; round <= ROUNDS; round++) {
          for (const image of images) runs.push(...(await pasteOnce(server, link, homes, image, upMbit, round)))
        }
      } finally {
        await link.close()
      }
    }
    const targets = judgePaste(runs, images)
    const report = renderPasteReport({ runs, images, targets, uplinks: UPLINKS_MBIT, rttMs: RTT_MS, cores: cpus().length })
    writeFileSync(join(REPO_ROOT, 'bench', 'results', 'paste.md'), report)
    for (const target of targets) console.log(`${target.pass ? 'PASS' : 'FAIL'} ${target.target}: ${target.measured}`)
  } finally {
    await server.stop()
    rmSync(work, { recursive: true, force: true })
  }
}

interface Homes {
  builtIn: PicGoHome
  plugin: PicGoHome
}

function homesBehind(link: LinkModel, work: string, upMbit: number): Homes {
  const access = { ...BENCH_ACCESS, url: link.url }
  const root = join(work, `${upMbit}mbit`)
  return { builtIn: builtInAliyunHome(root, access), plugin: pluginHome(root, access) }
}

/** One paste of `image` by each side, the order alternating by round, each into an emptied bucket. */
async function pasteOnce(
  server: OssProcess,
  link: LinkModel,
  homes: Homes,
  image: PasteImage,
  upMbit: number,
  round: number,
  warmUp = false
): Promise<PasteRun[]> {
  const sides = round % 2 === 0 ? (['plugin', 'built-in'] as const) : (['built-in', 'plugin'] as const)
  const runs: PasteRun[] = []
  for (const side of sides) {
    await server.clear()
    const home = side === 'plugin' ? homes.plugin : homes.builtIn
    if (side === 'plugin') forgetKnownImages(home)
    const before = link.bytesUp()
    const result = await uploadWithPicGo({
      configPath: home.configPath,
      home: home.home,
      files: [image.path],
      redirectAliyunTo: side === 'built-in' ? link.url : undefined
    })
    if (!uploadedAll(result, 1)) throw new Error(`[bench] ${side} failed to upload ${image.path}: ${result.stderr.slice(-400)}${result.stdout.slice(-400)}`)
    if (!warmUp) runs.push({ side, image: image.path, upMbit, round, wallMs: result.wallMs, bytesUp: link.bytesUp() - before, cpuMs: cpuMsOf(result.usage) })
    console.log(`${upMbit} Mbit/s round ${round} ${side} ${image.label}: ${(result.wallMs / 1000).toFixed(2)} s`)
  }
  return runs
}

function cpuMsOf(usage: { userMs: number; systemMs: number }): number {
  return usage.userMs + usage.systemMs
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error)
  process.exit(1)
})
