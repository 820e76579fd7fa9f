// One round of the benchmark: every side uploads every workload once, each run measured alone.
import type { CorpusFile } from './corpus'
import { startCpuMeter, waitForQuietMachine } from './machine-load'
import { busyElsewhere, type RunRecord, type Side, toRunRecord, type Workload } from './measurements'
import type { OssProcess } from './oss-process'
import { forgetKnownImages, type PicGoHome } from './picgo-homes'
import { uploadedAll, uploadWithPicGo } from './run-picgo'

export interface RoundSetup {
  server: OssProcess
  builtIn: PicGoHome
  plugin: PicGoHome
  corpus: readonly CorpusFile[]
  batch?: readonly CorpusFile[]
  tiny: CorpusFile
  log: (line: string) => void
}

export interface RoundOutput {
  records: RunRecord[]
  /** URLs the plugin printed for the corpus, one per file, in order. */
  pluginCorpusUrls: string[]
}

interface RunSpec {
  workload: Workload
  side: Side
  files: readonly CorpusFile[]
  /**
   * Empty the bucket first, so a first upload really uploads; and forget the plugin's known images
   * (src/uploader/known-images.ts), as on a fresh install: their hints would only cost a HEAD each.
   */
  clearFirst: boolean
}

const MB = 1024 * 1024

/** Runs right after each first upload by the plugin (corpus, phone batch), with its URLs. */
export type AfterPluginUpload = (workload: Workload, urls: string[]) => Promise<void>

/**
 * The order inside a round: tiny image (built-in, plugin), corpus (built-in, plugin, plugin again),
 * phone batch (built-in, plugin). `afterPluginUpload` runs after each plugin first upload, before
 * anything else: the corpus objects are still in the bucket, and a timing taken there is paired
 * with the uploads just before it.
 */
export async function runRound(setup: RoundSetup, round: number, afterPluginUpload?: AfterPluginUpload): Promise<RoundOutput> {
  const records: RunRecord[] = []
  const measure = async (spec: RunSpec): Promise<string[]> => {
    const { record, urls } = await measureRun(setup, round, spec)
    records.push(record)
    return urls
  }
  await measure({ workload: 'tiny image', side: 'built-in', files: [setup.tiny], clearFirst: true })
  await measure({ workload: 'tiny image', side: 'plugin', files: [setup.tiny], clearFirst: true })

  await measure({ workload: 'corpus', side: 'built-in', files: setup.corpus, clearFirst: true })
  const pluginCorpusUrls = await measure({ workload: 'corpus', side: 'plugin', files: setup.corpus, clearFirst: true })
  if (afterPluginUpload) await afterPluginUpload('corpus', pluginCorpusUrls)
  const again = await measure({ workload: 'corpus', side: 'plugin again', files: setup.corpus, clearFirst: false })
  if (again.some((url, index) => url !== pluginCorpusUrls[index])) {
    setup.log('  warning: the second upload printed other URLs than the first')
  }

  if (setup.batch) {
    await measure({ workload: 'phone batch', side: 'built-in', files: setup.batch, clearFirst: true })
    const batchUrls = await measure({ workload: 'phone batch', side: 'plugin', files: setup.batch, clearFirst: true })
    if (afterPluginUpload) await afterPluginUpload('phone batch', batchUrls)
  }
  return { records, pluginCorpusUrls }
}

async function measureRun(setup: RoundSetup, round: number, spec: RunSpec): Promise<{ record: RunRecord; urls: string[] }> {
  const { server } = setup
  const builtIn = spec.side === 'built-in'
  const home = builtIn ? setup.builtIn : setup.plugin
  const label = `${round === 0 ? 'warm-up' : `round ${round}`} ${spec.workload} ${spec.side}`
  const { waitedMs, quiet } = await waitForQuietMachine()
  if (waitedMs > 5000) setup.log(`  waited ${(waitedMs / 1000).toFixed(0)} s for other processes to leave the CPU${quiet ? '' : ', in vain'}`)
  if (spec.clearFirst) {
    await server.clear()
    forgetKnownImages(home)
  }
  await server.resetLog()
  const before = await server.stats()
  const cpuMeter = startCpuMeter(server.pid)
  const result = await uploadWithPicGo({
    configPath: home.configPath,
    home: home.home,
    files: spec.files.map((file) => file.path),
    redirectAliyunTo: builtIn ? server.url : undefined
  })
  const cpuSpent = cpuMeter.stop()
  const after = await server.stats()
  if (!uploadedAll(result, spec.files.length)) {
    const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-15).join('\n')
    throw new Error(`[bench] ${label}: picgo exited ${result.exitCode} without one URL per file (server saw ${JSON.stringify(after.byMethod)}):\n${tail}`)
  }
  const record = toRunRecord({ round, workload: spec.workload, side: spec.side, files: spec.files.length }, result, before, after, cpuSpent)
  if (spec.clearFirst && record.objects !== spec.files.length) {
    setup.log(`  warning: ${label} left ${record.objects} objects for ${spec.files.length} files`)
  }
  setup.log(
    `${label.padEnd(34)} ${(record.wallMs / 1000).toFixed(2).padStart(7)} s  ` +
      `cpu ${(record.cpuMs / 1000).toFixed(2).padStart(6)} s  rss ${(record.maxRssBytes / MB).toFixed(0).padStart(4)} MB  ` +
      `sent ${(record.bytesIn / MB).toFixed(2).padStart(7)} MB  ${record.requests} requests  ${record.objects} objects` +
      (busyElsewhere(record) ? `  (busy elsewhere: ${((record.otherCpuMs ?? 0) / 1000).toFixed(1)} s CPU by other processes)` : '')
  )
  return { record, urls: result.urls }
}
