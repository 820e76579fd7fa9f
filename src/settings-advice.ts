/**
 * Settings that parse but do harm where they are used: the upload path refuses some (uploadSettings), and some only
 * deserve a warning (settingsWarnings), as a new region this version does not know yet must keep working.
 */
import type { IPicGo } from 'picgo'
import { CONFIG_KEY, resolveSettings, type Settings, withProxy } from './config'
import { PROXY_KEY } from './proxy/setting'
import { invalidSetting } from './errors'
import { unknownRegionWarning } from './regions'

/** Objects in these classes cannot be read until restored (minutes to hours each): their URLs would not serve the image. */
const UNSERVABLE_STORAGE_CLASSES: readonly string[] = ['Archive', 'ColdArchive', 'DeepColdArchive']

/** The settings for uploading (uploader, check, migrate): resolveSettings, then what cannot give a working image URL. */
export function uploadSettings(raw: unknown): Settings {
  const settings = resolveSettings(raw)
  if (UNSERVABLE_STORAGE_CLASSES.includes(settings.storageClass)) {
    throw invalidSetting('storageClass',
      'Standard, IA or empty (an Archive, ColdArchive or DeepColdArchive object cannot be read until it is restored, so its URL would not show the image)',
      settings.storageClass)
  }
  return settings
}

/** One sentence per setting that works but may not be what the user meant. */
export function settingsWarnings(settings: Settings): string[] {
  const region = unknownRegionWarning(settings.region)
  return region ? [region] : []
}

/** What the uploader, check and migrate read: the plugin's settings for uploading, with PicGo's proxy. */
export function readUploadSettings(ctx: Pick<IPicGo, 'getConfig'>): Settings {
  return withProxy(uploadSettings(ctx.getConfig(CONFIG_KEY)), ctx.getConfig(PROXY_KEY))
}
