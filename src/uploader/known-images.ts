import { createHash, createHmac } from 'crypto'
import { readFileSync, renameSync, writeFileSync } from 'fs'
import { join } from 'path'
import type { Settings } from '../settings/config'
import { messageOf } from '../errors'
import { usesPlaceholder, variesPerUpload } from '../naming/key-template'
import type { StageImage } from '../transformers/types'

/** The file, in PicGo's folder beside config.json, that remembers what each input image became. */
export const KNOWN_IMAGES_FILE = 'aliyun-oss-plus-known-images.json'
/** Oldest entries are dropped beyond this: about 200 bytes each, so the file stays under 1 MB. */
const MAX_ENTRIES = 5000
/** Bumped when the compression stage may make other bytes from the same input and settings. */
const OUTPUT_VERSION = 1
/** Version 2 entries carry the CRC-64, whether this plugin created the object, and a MAC. */
const FILE_VERSION = 2

/** What an input image became the last time it was uploaded with the same settings. */
export interface KnownImage {
  key: string
  /** Of the stored bytes: upper-case hex, as OSS's ETag of a simple upload. */
  md5Hex: string
  sha256Hex: string
  /** CRC-64/XZ of the stored bytes, as OSS reports it. */
  crc64: string
  /** This plugin's own request created the object (so the gallery may delete it). */
  created: boolean
  extname: string
  contentType: string
  size: number
  width?: number
  height?: number
  /** When it was remembered (ms), to drop the oldest first. */
  at: number
}

/** An entry as the file stores it: with a MAC, so an entry edited, moved under another image or written with other credentials is ignored. */
type StoredEntry = KnownImage & { mac: string }

/**
 * Remembers, across PicGo runs, which object each input image became, so that pasting a known image
 * again costs one HEAD and no compression: the key depends on the compressed bytes, and compressing a
 * 12-megapixel photo takes seconds. An entry is only a hint; the HEAD decides (a deleted or changed
 * object means a normal upload). A missing, unreadable or corrupt file only means no hints. Each entry carries
 * an HMAC keyed by the AccessKey secret over its image id and content, so an entry that was edited, copied under
 * another image's id, or written by other credentials is never trusted (new credentials simply start afresh).
 */
export class KnownImages {
  private readonly entries = new Map<string, StoredEntry>()
  private readonly added = new Map<string, StoredEntry>()
  private readonly fingerprint: string
  private readonly usesName: boolean
  private readonly usesFolder: boolean
  private readonly macKey: string

  private constructor(
    private readonly file: string,
    settings: Settings,
    template: string,
    outputIdentity: string
  ) {
    this.macKey = settings.accessKeySecret
    this.usesName = usesPlaceholder(template, 'name')
    this.usesFolder = usesPlaceholder(template, 'localFolder')
    this.fingerprint = JSON.stringify([OUTPUT_VERSION, outputIdentity, settings.bucket, settings.endpoint, settings.region])
    for (const [id, entry] of Object.entries(readEntries(file))) this.entries.set(id, entry)
  }

  /**
   * Undefined when keys are not a function of the image: a template with a date, timestamp or uuid
   * makes a new key on every upload by design, and without dedupe every upload is a PUT anyway.
   */
  /** `outputIdentity`: what decides the bytes made from an input (stagesFor()), so other settings never reuse an entry. */
  static open(baseDir: string, settings: Settings, outputIdentity: string): KnownImages | undefined {
    const template = settings.path + settings.fileName
    if (!baseDir || !settings.dedupe || variesPerUpload(template)) return undefined
    return new KnownImages(join(baseDir, KNOWN_IMAGES_FILE), settings, template, outputIdentity)
  }

  /**
   * The identity of an input under these settings: its bytes and its extension (an image's comes from its bytes, a
   * file's that is none from its name: cert.pem and server.key with the same bytes are two objects), and its name and
   * folder when the key uses them.
   */
  idOf({ buffer, fileName, extname, sourcePath = '' }: Pick<StageImage, 'buffer' | 'fileName' | 'extname' | 'sourcePath'>): string {
    return createHash('sha256')
      .update(this.fingerprint)
      .update('\0')
      .update(this.usesName ? fileName : '')
      .update('\0')
      .update(this.usesFolder ? sourcePath : '')
      .update('\0')
      .update(extname)
      .update('\0')
      .update(buffer)
      .digest('base64url')
  }

  /** The entry for this image id, if its MAC holds. */
  get(id: string): KnownImage | undefined {
    const entry = this.added.get(id) ?? this.entries.get(id)
    return entry !== undefined && entry.mac === this.macOf(id, entry) ? entry : undefined
  }

  remember(id: string, entry: KnownImage): void {
    this.added.set(id, { ...entry, mac: this.macOf(id, entry) })
  }

  private macOf(id: string, entry: KnownImage): string {
    const fields = [id, entry.key, entry.size, entry.crc64, entry.md5Hex, entry.sha256Hex, entry.created, entry.extname, entry.contentType]
    return createHmac('sha256', this.macKey).update(JSON.stringify(fields)).digest('base64url')
  }

  /** Writes the new entries, merged with what other PicGo processes wrote meanwhile; never throws. */
  save(): string | undefined {
    if (this.added.size === 0) return undefined
    try {
      const merged = { ...readEntries(this.file), ...Object.fromEntries(this.added) }
      const kept = Object.entries(merged)
        .sort(([, a], [, b]) => b.at - a.at)
        .slice(0, MAX_ENTRIES)
      const temporary = `${this.file}.${process.pid}.tmp`
      writeFileSync(temporary, JSON.stringify({ version: FILE_VERSION, entries: Object.fromEntries(kept) }))
      renameSync(temporary, this.file)
      return undefined
    } catch (error) {
      return `could not write ${this.file} (${messageOf(error)}); known images will be compressed again next time`
    }
  }
}

function readEntries(file: string): Record<string, StoredEntry> {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { version?: number; entries?: Record<string, StoredEntry> }
    if (parsed.version !== FILE_VERSION || typeof parsed.entries !== 'object' || parsed.entries === null) return {}
    return Object.fromEntries(Object.entries(parsed.entries).filter(([, e]) => isKnownImage(e)))
  } catch {
    return {}
  }
}

function isKnownImage(value: unknown): value is StoredEntry {
  const e = value as Partial<StoredEntry> | null
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.key === 'string' &&
    e.key !== '' &&
    typeof e.md5Hex === 'string' &&
    typeof e.sha256Hex === 'string' &&
    typeof e.crc64 === 'string' &&
    typeof e.created === 'boolean' &&
    typeof e.mac === 'string' &&
    typeof e.extname === 'string' &&
    typeof e.contentType === 'string' &&
    typeof e.size === 'number' &&
    typeof e.at === 'number'
  )
}
