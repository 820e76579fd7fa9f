// The two PicGo homes the benchmark uploads from: one using PicGo's built-in `aliyun` uploader, one
// with this plugin linked in, both configured for the same bucket on the local OSS server.
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { linkPlugin, writePicGoConfig } from '../tools/picgo-home'
import { KNOWN_IMAGES_FILE } from '../src/uploader/known-images'

export interface BucketAccess {
  url: string
  bucket: string
  region: string
  accessKeyId: string
  accessKeySecret: string
}

export interface PicGoHome {
  home: string
  configPath: string
}

/** PicGo's built-in uploader as a user configures it; requests are redirected by redirect-aliyun.js. */
export function builtInAliyunHome(root: string, access: BucketAccess): PicGoHome {
  const home = join(root, 'builtin-aliyun')
  mkdirSync(home, { recursive: true })
  const configPath = writePicGoConfig(
    home,
    {
      accessKeyId: access.accessKeyId,
      accessKeySecret: access.accessKeySecret,
      bucket: access.bucket,
      area: access.region,
      path: 'img/',
      customUrl: ''
    },
    'aliyun'
  )
  return { home, configPath }
}

/** This plugin with default settings: only credentials, the endpoint and the public URL base. */
export function pluginHome(root: string, access: BucketAccess): PicGoHome {
  const home = join(root, 'aliyun-oss-plus')
  mkdirSync(home, { recursive: true })
  linkPlugin(home)
  const configPath = writePicGoConfig(home, pluginSettings(access))
  return { home, configPath }
}

export function pluginSettings(access: BucketAccess): Record<string, string> {
  return {
    accessKeyId: access.accessKeyId,
    accessKeySecret: access.accessKeySecret,
    bucket: access.bucket,
    region: access.region,
    endpoint: access.url,
    customUrl: `${access.url}/${access.bucket}`,
    ...(pluginQuality() ? { quality: pluginQuality()! } : {})
  }
}

/** BENCH_PLUGIN_QUALITY=auto (or a number): the plugin's one non-default setting, to measure another quality end to end. */
export function pluginQuality(): string | undefined {
  return process.env.BENCH_PLUGIN_QUALITY || undefined
}

/** As on a fresh install: the plugin's known-images hints gone, so a first upload costs no extra HEAD. */
export function forgetKnownImages(home: PicGoHome): void {
  rmSync(join(home.home, KNOWN_IMAGES_FILE), { force: true })
}
