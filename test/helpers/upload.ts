import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { IImgInfo } from 'picgo'
import type { OssServer, StoredObject } from '../../tools/oss-server'
import { createPicGo, keyOfUrl, type TestPicGo } from './picgo'

type PicGoOptions = NonNullable<Parameters<typeof createPicGo>[1]>

/** Files for one upload: name → bytes, written into PicGo's folder; or paths of files already on disk. */
export type FilesToUpload = Record<string, Buffer | string> | string[]

export interface Uploaded {
  /** What PicGo answered; empty when it threw. */
  items: IImgInfo[]
  urls: string[]
  /** What PicGo threw (debug mode, the default of createPicGo). */
  error?: Error
  /** Every line PicGo logged during and before this upload, and every notification. */
  logs: string[]
  notifications: Array<{ title: string; body: string }>
}

/**
 * One `picgo upload` through a real PicGo: a new one with `settings` (and createPicGo's `options`), whose folder is
 * removed afterwards, or the `session` a test made (hooks on its logger, another plugin), which the test cleans up.
 */
export async function uploadFiles(settingsOrSession: Record<string, unknown> | TestPicGo, files: FilesToUpload, options: PicGoOptions = {}): Promise<Uploaded> {
  const own = !isSession(settingsOrSession)
  const session = isSession(settingsOrSession) ? settingsOrSession : createPicGo(settingsOrSession, options)
  try {
    const paths = Array.isArray(files)
      ? files
      : Object.entries(files).map(([name, bytes]) => {
          const path = join(session.dir, name)
          writeFileSync(path, bytes)
          return path
        })
    const output = await session.picgo.upload(paths).catch((error: Error) => error)
    const items = output instanceof Error ? [] : output
    return {
      items,
      urls: items.map((item) => String(item.imgUrl)),
      error: output instanceof Error ? output : undefined,
      logs: session.logs,
      notifications: session.notifications
    }
  } finally {
    if (own) await session.cleanup()
  }
}

/** The object a URL that localSettings() made points at; the test fails when there is none. */
export function storedAt(server: OssServer, url: string): StoredObject {
  const stored = server.getObject('test-bucket', keyOfUrl(url))
  if (!stored) throw new Error(`nothing stored at ${keyOfUrl(url)}`)
  return stored
}

function isSession(value: Record<string, unknown> | TestPicGo): value is TestPicGo {
  return typeof value.cleanup === 'function' && 'picgo' in value
}
