import { invalidSetting, missingSetting } from '../errors'
import { PLUGIN_ID } from '../plugin-id'
import { REGION_ID } from './regions'
import { validateKeyTemplate } from '../naming/key-template'
import { checkKeyLength, checkNoCredentialsInUrl, checkEndpointIsOrigin, checkSingleLine, shownUrlSetting } from './checks'
import type { IPicGo } from 'picgo'
import { parseProxy, PROXY_KEY, type ProxySetting } from '../proxy/setting'

/** Where PicGo keeps this uploader's settings. */
export const CONFIG_KEY = `picBed.${PLUGIN_ID}`

export const SIGNATURE_VERSIONS = ['v4', 'v1'] as const
/** What happens to a file whose bytes are no image format: refused (default), or uploaded as it is. */
export const NON_IMAGE_POLICIES = ['refuse', 'upload'] as const
export const OUTPUT_FORMATS = ['keep', 'webp', 'avif', 'jpeg', 'png'] as const
/**
 * The format per picture when convertTo is "keep": compatible (JPEG, PNG, GIF: a photo-like PNG may become a JPEG),
 * modern (also AVIF and WebP, for readers whose browsers all show them) or same (every picture keeps its format).
 */
export const FORMAT_MODES = ['compatible', 'modern', 'same'] as const
export type FormatMode = (typeof FORMAT_MODES)[number]
export const ACLS = ['', 'default', 'private', 'public-read', 'public-read-write'] as const
export const STORAGE_CLASSES = ['', 'Standard', 'IA', 'Archive', 'ColdArchive', 'DeepColdArchive'] as const
export const SVG_POLICIES = ['sanitize', 'keep', 'refuse'] as const
/** The watermark (src/image/watermark.ts): what to draw, and where; tile repeats it over the picture. */
export const WATERMARK_MODES = ['off', 'text', 'image'] as const
export type WatermarkMode = (typeof WATERMARK_MODES)[number]
export const WATERMARK_POSITIONS = ['top-left', 'top', 'top-right', 'left', 'center', 'right', 'bottom-left', 'bottom', 'bottom-right', 'tile'] as const
export type WatermarkPosition = (typeof WATERMARK_POSITIONS)[number]

export interface Settings {
  accessKeyId: string
  accessKeySecret: string
  stsToken: string
  bucket: string
  /** Always with the `oss-` prefix: "oss-cn-hangzhou". */
  region: string
  /** Upload endpoint origin ("https://oss-cn-hangzhou-internal.aliyuncs.com"), "" for the region's. */
  endpoint: string
  cname: boolean
  /** Path-style requests (/<bucket>/<key>) to the endpoint, for servers that do not read the bucket from the Host. */
  pathStyle: boolean
  signatureVersion: (typeof SIGNATURE_VERSIONS)[number]
  path: string
  fileName: string
  /** Public URL base without a trailing slash, "" for the bucket's own domain. */
  customUrl: string
  urlSuffix: string
  compress: boolean
  /** 1-100, lossy quality. */
  quality: number
  convertTo: (typeof OUTPUT_FORMATS)[number]
  formats: FormatMode
  maxWidth: number
  maxHeight: number
  keepMetadata: boolean
  svg: (typeof SVG_POLICIES)[number]
  dedupe: boolean
  cacheControl: string
  acl: (typeof ACLS)[number]
  storageClass: (typeof STORAGE_CLASSES)[number]
  signedUrlExpires: number
  timeout: number
  retries: number
  multipartThreshold: number
  deleteOnRemove: boolean
  nonImages: (typeof NON_IMAGE_POLICIES)[number]
  /** MB: the largest image migrate reads from disk or fetches from the web; larger ones are refused before being read. */
  maxInputMB: number
  // Watermark (src/image/watermark.ts)
  watermark: (typeof WATERMARK_MODES)[number]
  watermarkText: string
  /** A local PNG or SVG file. */
  watermarkImage: string
  watermarkPosition: (typeof WATERMARK_POSITIONS)[number]
  /** Degrees the tiled marks are turned. */
  watermarkAngle: number
  watermarkOpacity: number
  watermarkScale: number
  watermarkMargin: number
  watermarkMinSize: number
  /** Mark every frame of an animated GIF/WebP (otherwise animations go up without a mark). */
  watermarkAnimated: boolean
  /** PicGo's own proxy ("picBed.proxy"), not a setting of this plugin's form: every request goes through it. */
  proxy?: ProxySetting
}

type OptionalKey = Exclude<keyof Settings, 'accessKeyId' | 'accessKeySecret' | 'bucket' | 'region'>

export const DEFAULTS: Readonly<Pick<Settings, OptionalKey>> = Object.freeze({
  stsToken: '', // only for temporary (STS) credentials
  endpoint: '', // upload through https://<region>.aliyuncs.com
  cname: false, // endpoint is not a bound custom domain
  pathStyle: false, // the bucket goes in the Host, as Aliyun OSS wants it
  signatureVersion: 'v4', // V1 is closed to new accounts and buckets since 2025
  path: 'img/', // key prefix
  fileName: '{hash}.{ext}', // same bytes, same key, same URL
  customUrl: '', // URLs on https://<bucket>.<region>.aliyuncs.com
  urlSuffix: '', // nothing appended to URLs
  compress: true, // run the compression stage
  quality: 80, // SSIM about 0.98 on photos at about 0.2 of their size
  convertTo: 'keep', // same format out as in
  formats: 'compatible', // formats every browser and editor shows; a photo-like PNG may become a smaller JPEG
  maxWidth: 0, // never resize
  maxHeight: 0, // never resize
  keepMetadata: false, // strip EXIF and GPS, keep the colour profile
  svg: 'sanitize', // SVG served from the bucket's domain runs its scripts there: remove them
  dedupe: true, // HEAD first, skip the upload when the object is already there
  cacheControl: '', // hash-named objects get "public, max-age=31536000, immutable"
  acl: '', // the bucket's ACL
  storageClass: '', // the bucket's storage class
  signedUrlExpires: 0, // public URLs
  timeout: 60000, // ms per request
  retries: 3, // on network errors and 5xx
  multipartThreshold: 10, // MB
  deleteOnRemove: false, // removing from the PicGo gallery leaves the object alone
  nonImages: 'refuse', // a text, key or config file posted to picgo server is never published
  maxInputMB: 100, // MB: no phone or camera image comes near it; a 400 MB file named .png is not read
  watermark: 'off', // no watermark
  watermarkText: '', // the text drawn when watermark is "text"
  watermarkImage: '', // the PNG/SVG drawn when watermark is "image"
  watermarkPosition: 'bottom-right', // where bloggers put a name
  watermarkAngle: -30, // tiles run up to the right
  watermarkOpacity: 0.6, // visible, not loud
  watermarkScale: 0.05, // mark height: 5 % of the short edge, so a photo and a screenshot look alike
  watermarkMargin: 0.03, // 3 % of the short edge from the edges
  watermarkMinSize: 300, // thumbnails and icons get none
  watermarkAnimated: false // animations go up as they are: no re-encode of every frame
})

/** Settings as PicGo stores them: GUI and CLI values may be strings, PicGo adds `_id` and friends. */
export type RawSettings = Record<string, unknown>

export function resolveSettings(raw: unknown): Settings {
  const source: RawSettings = isRecord(raw) ? raw : {}
  const read = new SettingsReader(source)
  const settings: Settings = {
    // Both reach a request header (Authorization, x-oss-security-token).
    accessKeyId: checkSingleLine('accessKeyId', read.required('accessKeyId'), { credential: true }),
    accessKeySecret: read.required('accessKeySecret', true),
    stsToken: checkSingleLine('stsToken', read.text('stsToken'), { credential: true }),
    bucket: read.required('bucket'),
    region: normaliseRegion(read.required('region')),
    endpoint: normaliseOrigin('endpoint', checkEndpointIsOrigin(checkNoCredentialsInUrl('endpoint', read.text('endpoint')))),
    cname: read.flag('cname'),
    pathStyle: read.flag('pathStyle'),
    signatureVersion: read.choice('signatureVersion', SIGNATURE_VERSIONS),
    path: normalisePath(read.text('path')),
    fileName: read.text('fileName') || DEFAULTS.fileName,
    customUrl: normaliseOrigin('customUrl', checkSingleLine('customUrl', checkNoCredentialsInUrl('customUrl', read.text('customUrl')), { url: true })),
    urlSuffix: checkSingleLine('urlSuffix', read.text('urlSuffix')),
    compress: read.flag('compress'),
    quality: read.integer('quality', 1, 100),
    convertTo: read.choice('convertTo', OUTPUT_FORMATS),
    formats: read.choice('formats', FORMAT_MODES),
    maxWidth: read.integer('maxWidth', 0, 100_000),
    maxHeight: read.integer('maxHeight', 0, 100_000),
    keepMetadata: read.flag('keepMetadata'),
    svg: read.choice('svg', SVG_POLICIES),
    dedupe: read.flag('dedupe'),
    cacheControl: checkSingleLine('cacheControl', read.text('cacheControl')),
    acl: read.choice('acl', ACLS),
    storageClass: read.choice('storageClass', STORAGE_CLASSES),
    signedUrlExpires: read.integer('signedUrlExpires', 0, 7 * 24 * 3600),
    timeout: read.integer('timeout', 1000, 3_600_000),
    retries: read.integer('retries', 0, 10),
    multipartThreshold: read.number('multipartThreshold', 0.1, 5 * 1024),
    deleteOnRemove: read.flag('deleteOnRemove'),
    nonImages: read.choice('nonImages', NON_IMAGE_POLICIES),
    maxInputMB: read.integer('maxInputMB', 1, 2047),
    watermark: read.choice('watermark', WATERMARK_MODES),
    watermarkText: read.text('watermarkText'),
    watermarkImage: read.text('watermarkImage'),
    watermarkPosition: read.choice('watermarkPosition', WATERMARK_POSITIONS),
    watermarkAngle: read.integer('watermarkAngle', -180, 180),
    watermarkOpacity: read.number('watermarkOpacity', 0.01, 1),
    watermarkScale: read.number('watermarkScale', 0.005, 1),
    watermarkMargin: read.number('watermarkMargin', 0, 0.45),
    watermarkMinSize: read.integer('watermarkMinSize', 0, 100_000),
    watermarkAnimated: read.flag('watermarkAnimated')
  }
  checkWatermark(settings)
  checkBucketName(settings.bucket)
  validateKeyTemplate('path', settings.path)
  validateKeyTemplate('fileName', settings.fileName)
  if (settings.fileName.endsWith('/')) {
    throw invalidSetting('fileName', 'a name template that does not end with "/" (folders belong in "path")', settings.fileName)
  }
  checkKeyLength(settings.path, settings.fileName)
  if (settings.cname && !settings.endpoint) {
    throw invalidSetting('endpoint', 'the bound domain (https://img.example.com) when "cname" is on', '')
  }
  return settings.pathStyle ? withPathStyle(settings) : settings
}

/** This uploader's settings as PicGo holds them, with PicGo's proxy setting ("picBed.proxy", the CLI's --proxy). */
export function readSettings(ctx: Pick<IPicGo, 'getConfig'>): Settings {
  return withProxy(resolveSettings(ctx.getConfig(CONFIG_KEY)), ctx.getConfig(PROXY_KEY))
}

/** The settings with PicGo's proxy, when one is set; a value that cannot be a proxy URL is refused in one sentence. */
export function withProxy(settings: Settings, picgoProxy: unknown): Settings {
  const proxy = parseProxy(picgoProxy)
  return proxy ? { ...settings, proxy } : settings
}

/**
 * Path-style needs the server's own address, and cannot go with a bound domain (whose Host is the bucket). Such a
 * server serves objects at <endpoint>/<bucket>/<key>: that is the public URL base unless "customUrl" says otherwise.
 */
function withPathStyle(settings: Settings): Settings {
  if (!settings.endpoint) throw invalidSetting('endpoint', 'the server\'s URL (http://10.0.0.5:8080) when "pathStyle" is on', '')
  if (settings.cname) throw invalidSetting('pathStyle', 'false when "cname" is on (a bound domain names the bucket in the Host)', true)
  return settings.customUrl ? settings : { ...settings, customUrl: `${settings.endpoint}/${settings.bucket}` }
}

/** Reads one setting at a time, coercing GUI/CLI strings and falling back to DEFAULTS. */
class SettingsReader {
  constructor(private readonly source: RawSettings) {}

  required(name: 'accessKeyId' | 'accessKeySecret' | 'bucket' | 'region', secret = false): string {
    const value = this.source[name]
    if (value === undefined || value === null || value === '') throw missingSetting(name)
    if (typeof value !== 'string') throw invalidSetting(name, 'a string', value, secret)
    const trimmed = value.trim()
    if (trimmed === '') throw missingSetting(name)
    return trimmed
  }

  text(name: OptionalKey): string {
    const value = this.source[name]
    if (value === undefined || value === null) return String(DEFAULTS[name])
    if (typeof value === 'number') return String(value)
    if (typeof value !== 'string') throw invalidSetting(name, 'a string', value, name === 'stsToken')
    return value.trim()
  }

  flag(name: OptionalKey): boolean {
    const value = this.source[name]
    const fallback = DEFAULTS[name] as boolean
    if (value === undefined || value === null || value === '') return fallback
    if (typeof value === 'boolean') return value
    const word = String(value).trim().toLowerCase()
    if (['true', '1', 'yes', 'on', 'y'].includes(word)) return true
    if (['false', '0', 'no', 'off', 'n'].includes(word)) return false
    throw invalidSetting(name, 'true or false', value)
  }

  number(name: OptionalKey, min: number, max: number, integer = false): number {
    const value = this.source[name]
    // A field cleared to spaces is as empty as a cleared one: the default. Only plain decimals are numbers ("0x50" is not 80).
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return DEFAULTS[name] as number
    const parsed = typeof value === 'string' ? (DECIMAL.test(value.trim()) ? Number(value.trim()) : NaN) : value
    const kind = integer ? 'an integer' : 'a number'
    if (typeof parsed !== 'number' || !Number.isFinite(parsed) || (integer && !Number.isInteger(parsed)) || parsed < min || parsed > max) {
      throw invalidSetting(name, `${kind} between ${min} and ${max}`, value)
    }
    return parsed
  }

  integer(name: OptionalKey, min: number, max: number): number {
    return this.number(name, min, max, true)
  }

  choice<T extends string>(name: OptionalKey, choices: readonly T[]): T {
    const value = this.source[name]
    if (value === undefined || value === null) return DEFAULTS[name] as T
    const text = String(value).trim()
    const match = choices.find((choice) => choice.toLowerCase() === text.toLowerCase())
    if (match === undefined) {
      const listed = choices
        .filter(Boolean)
        .map((c) => `"${c}"`)
        .join(', ')
      throw invalidSetting(name, `one of ${listed}`, value)
    }
    return match
  }
}

const DECIMAL = /^[+-]?\d+(\.\d+)?$/

function isRecord(value: unknown): value is RawSettings {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function normaliseRegion(region: string): string {
  const withPrefix = region.toLowerCase().startsWith('oss-') ? region.toLowerCase() : `oss-${region.toLowerCase()}`
  // A well-formed region this version does not know is a new region or a typo: advice.ts warns about it.
  if (!REGION_ID.test(withPrefix)) {
    throw invalidSetting('region', 'a region id like "oss-cn-hangzhou"', region)
  }
  return withPrefix
}

/** An http(s) origin or base URL without a trailing slash. */
function normaliseOrigin(name: 'endpoint' | 'customUrl', value: string): string {
  if (value === '') return ''
  let url: URL | undefined
  try {
    url = new URL(value)
  } catch {
    url = undefined
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.host === '') {
    const hint = /^[\w.-]+(:\d+)?(\/.*)?$/.test(value) ? ` (add the scheme: "https://${shownUrlSetting(value)}")` : ''
    throw invalidSetting(name, `a URL starting with http:// or https://${hint}`, shownUrlSetting(value))
  }
  if (url.search !== '' || url.hash !== '') {
    throw invalidSetting(name, 'a URL without "?" or "#" (put URL options in "urlSuffix")', shownUrlSetting(value))
  }
  return value.replace(/\/+$/, '')
}

/** "img" → "img/", "/img/" → "img/", "" stays "" (the bucket root). */
function normalisePath(path: string): string {
  const trimmed = path.replace(/\\/g, '/').replace(/^\/+/, '')
  if (trimmed === '') return ''
  return trimmed.endsWith('/') ? trimmed : `${trimmed}/`
}

function checkBucketName(bucket: string): void {
  if (!/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw invalidSetting('bucket', 'a bucket name of 3-63 lower-case letters, digits and "-"', bucket)
  }
}

const VALID_REQUIRED: RawSettings = { accessKeyId: 'id', accessKeySecret: 'secret', bucket: 'bucket-name', region: 'oss-cn-hangzhou' }

/** For prompts: true when the value is valid for this setting, else the error message. */
export function validateSetting(name: keyof Settings, value: unknown): true | string {
  try {
    resolveSettings({ ...VALID_REQUIRED, [name]: value })
    return true
  } catch (error) {
    const setting = (error as { setting?: string }).setting
    return setting === name ? (error as Error).message : true
  }
}

/** A watermark switched on must have something to draw. */
function checkWatermark(settings: Settings): void {
  if (settings.watermark === 'text' && settings.watermarkText === '') {
    throw invalidSetting('watermarkText', 'the text to draw when "watermark" is "text"', '')
  }
  if (settings.watermark === 'image' && settings.watermarkImage === '') {
    throw invalidSetting('watermarkImage', 'the path of a PNG or SVG file when "watermark" is "image"', '')
  }
}
