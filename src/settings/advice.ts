/**
 * Settings that parse but do harm where they are used: the upload path refuses some (uploadSettings), and some only
 * deserve a warning (settingsWarnings), as a new region this version does not know yet must keep working.
 */
import type { IPicGo } from 'picgo'
import { readSettings, resolveSettings, type Settings } from './config'
import { invalidSetting } from '../errors'
import { unknownRegionWarning } from './regions'

/** Objects in these classes cannot be read until restored (minutes to hours each): their URLs would not serve the image. */
const UNSERVABLE_STORAGE_CLASSES: readonly string[] = ['Archive', 'ColdArchive', 'DeepColdArchive']

/** The settings for uploading (uploader, check, migrate): resolveSettings, then what cannot give a working image URL. */
export function uploadSettings(raw: unknown): Settings {
  return refuseUnservable(resolveSettings(raw))
}

/** What the uploader and migrate read: readSettings (the plugin's settings with PicGo's proxy), for uploading. */
export function readUploadSettings(ctx: Pick<IPicGo, 'getConfig'>): Settings {
  return refuseUnservable(readSettings(ctx))
}

function refuseUnservable(settings: Settings): Settings {
  if (UNSERVABLE_STORAGE_CLASSES.includes(settings.storageClass)) {
    throw invalidSetting(
      'storageClass',
      'Standard, IA or empty (an Archive, ColdArchive or DeepColdArchive object cannot be read until it is restored, so its URL would not show the image)',
      settings.storageClass
    )
  }
  return settings
}

/** One sentence per setting that works but may not be what the user meant. */
export function settingsWarnings(settings: Settings): string[] {
  const region = unknownRegionWarning(settings.region)
  return region ? [region] : []
}
