/**
 * What the watermark costs: the compression stage with the default settings against the same with a text watermark
 * (bottom-right), side by side in one process, file by file over the corpus, in CPU time (user + system, libvips'
 * threads included). PASS when the watermark adds at most 10 % over the same compression without it.
 *
 *   npm run bench:watermark            (CORPUS=/path/to/images to choose the folder; default /work/corpus)
 */
import { readFileSync } from 'node:fs'
import { DEFAULTS } from '../src/config'
import { compressOptionsOf } from '../src/transformers'
import { compress, type CompressOptions } from '../src/transformers/compress'
import type { WatermarkOptions } from '../src/image/watermark'
import { readCorpus } from './corpus'

const MAX_OVERHEAD = 0.10
const ROUNDS = 2
const MARK: WatermarkOptions = {
  mode: 'text', text: '© 我的博客 blog.example', position: 'bottom-right', angle: -30, opacity: 0.6, scale: 0.05, margin: 0.03, minSize: 300
}

function cpuMs(run: () => Promise<unknown>): Promise<number> {
  const start = process.cpuUsage()
  return run().then(() => {
    const used = process.cpuUsage(start)
    return (used.user + used.system) / 1000
  })
}

export async function watermarkCostBench(dir = process.env.CORPUS ?? '/work/corpus'): Promise<boolean> {
  const files = await readCorpus(dir)
  const plainOptions: CompressOptions = compressOptionsOf(DEFAULTS)
  const markedOptions: CompressOptions = { ...plainOptions, watermark: MARK }
  let plain = 0
  let marked = 0
  let watermarked = 0
  for (const file of files) {
    const image = { buffer: readFileSync(file.path), fileName: file.name, extname: '', contentType: '' }
    let best = { plain: Infinity, marked: Infinity }
    for (let round = 0; round < ROUNDS; round++) {
      best = { ...best, plain: Math.min(best.plain, await cpuMs(() => compress(image, plainOptions))) }
      let notes: string[] = []
      const ms = await cpuMs(async () => { notes = (await compress(image, markedOptions)).notes ?? [] })
      best = { ...best, marked: Math.min(best.marked, ms) }
      if (round === 0 && notes.join(' ').includes('watermarked')) watermarked++
    }
    plain += best.plain
    marked += best.marked
  }
  const overhead = marked / plain - 1
  const ok = overhead <= MAX_OVERHEAD
  console.log(`${ok ? 'PASS' : 'FAIL'} watermark CPU cost on ${files.length} files (${watermarked} watermarked): ` +
    `${marked.toFixed(0)} ms vs ${plain.toFixed(0)} ms without (+${(overhead * 100).toFixed(1)} %, limit +${MAX_OVERHEAD * 100} %)`)
  return ok
}

if (require.main === module) {
  watermarkCostBench().then((pass) => { process.exitCode = pass ? 0 : 1 }, (error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
}
