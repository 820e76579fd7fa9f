import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PicGo } from 'picgo'
import plugin = require('../../src/index')
import type { OssServer } from '../../tools/oss-server'
import { PLUGIN_NAME } from '../../tools/picgo-home'
import { TEST_AK } from './oss-server'

export { TEST_AK }

/** Settings that point the plugin at the local OSS server (path-style over plain HTTP). */
export function localSettings(server: OssServer, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...TEST_AK,
    bucket: 'test-bucket',
    region: 'oss-cn-hangzhou',
    endpoint: server.url,
    customUrl: `${server.url}/test-bucket`,
    timeout: 5000,
    ...overrides
  }
}

/** The object key in a URL that localSettings() made: what follows "/test-bucket/", decoded. */
export function keyOfUrl(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace('/test-bucket/', ''))
}

export function tempDir(prefix = 'oss-plus-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

export interface TestPicGo {
  picgo: PicGo
  dir: string
  /** Every line PicGo logged (and our plugin through it), and every notification. */
  logs: string[]
  notifications: Array<{ title: string; body: string }>
  /** Removes the temporary folder once PicGo's deferred log writes (setTimeout 0) have landed. */
  cleanup(): Promise<void>
}

/**
 * A real PicGo with a temporary config and this plugin registered. `debug` makes upload failures throw,
 * as in the GUI's debug mode; without it PicGo only logs them. `dir` reuses a PicGo folder, as the
 * next `picgo upload` of the same user does.
 */
export function createPicGo(settings: Record<string, unknown>, options: { debug?: boolean; silent?: boolean; dir?: string } = {}): TestPicGo {
  const dir = options.dir ?? tempDir()
  const picgo = new PicGo(join(dir, 'config.json'))
  picgo.setConfig({ silent: options.silent ?? true, debug: options.debug ?? true })
  picgo.use(plugin, PLUGIN_NAME)
  picgo.setConfig({ 'picBed.uploader': 'aliyun-oss-plus', 'picBed.current': 'aliyun-oss-plus', 'picBed.aliyun-oss-plus': settings })
  const logs: string[] = []
  const notifications: Array<{ title: string; body: string }> = []
  for (const level of ['info', 'warn', 'error', 'success'] as const) {
    const original = picgo.log[level].bind(picgo.log) as (...args: unknown[]) => void
    Object.assign(picgo.log, {
      [level]: (...args: unknown[]) => {
        logs.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack ?? ''}` : String(a))).join(' '))
        original(...args)
      }
    })
  }
  picgo.on('notification', (n: { title: string; body: string }) => notifications.push(n))
  return {
    picgo,
    dir,
    logs,
    notifications,
    cleanup: async () => {
      await new Promise((resolve) => setTimeout(resolve, 50))
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
