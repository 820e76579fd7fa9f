/** Lower-case hex digests of an image's bytes. */
export interface ContentDigest {
  sha256Hex: string
  md5Hex: string
}

/** One image as it moves through the stages, from PicGo's output to the upload. */
export interface StageImage {
  /** The bytes that will be uploaded (replaced by each stage that changes them). */
  buffer: Buffer
  /** The name PicGo gave the file, e.g. "中文 名字.jpg" (a rename plugin may put folders in it); used for {name} and in messages. */
  fileName: string
  /** The local file it was read from, when PicGo read one (not the clipboard or a URL); used for {localFolder:N}. */
  sourcePath?: string
  /** Extension of the current bytes' real format, with the dot: ".jpg". */
  extname: string
  /** MIME type of the current bytes: "image/jpeg". */
  contentType: string
  width?: number
  height?: number
  /** What a stage did or why it fell back, for the log: "compressed 1.2 MB → 310 KB". */
  notes?: string[]
  /** What the user must hear about (a WARN line and a GUI notification): "damaged image: …". */
  warnings?: string[]
}

/** An image the naming stage has named: what the upload stores. */
export interface NamedImage extends StageImage {
  /** The object key. */
  key: string
  /** True when the key is derived from the content, so the object never changes. */
  contentAddressed: boolean
  /** Digests of `buffer` (the key needs them), for the upload to reuse. */
  digest: ContentDigest
}

export type Stage<Options> = (image: StageImage, options: Options) => Promise<StageImage>
