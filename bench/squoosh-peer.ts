/**
 * The peer of the compression benchmark: Squoosh's codecs as npm ships them (@jsquash, WebAssembly, one
 * thread), at Squoosh's defaults: MozJPEG quality 75 for JPEG, OxiPNG level 2 (lossless) for PNG, WebP
 * quality 75 for WebP. Each gets the upright pixels sharp decodes, as Squoosh gets the browser's decode;
 * metadata is not carried over. What Squoosh does not take (GIF, SVG, animations) is counted as the file itself.
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import sharp from 'sharp'
import { sniffFormat } from '../src/image/image-format'

interface Rgba {
  data: Uint8ClampedArray
  width: number
  height: number
}

type Encode = (image: Rgba, options?: Record<string, unknown>) => Promise<ArrayBuffer>
interface Codecs {
  jpeg: Encode
  webp: Encode
  png: (data: Uint8ClampedArray, width: number, height: number, level: number, interlace: boolean, optimiseAlpha: boolean) => Uint8Array
}

export interface PeerResult {
  buffer: Buffer
  /** CPU time of the decode and the encode. */
  cpuMs: number
  note: string
}

/** A real dynamic import: TypeScript's CommonJS output would turn import() into require(), and these are ES modules. */
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<Record<string, unknown>>

let codecs: Promise<Codecs> | undefined

/** Node's WebAssembly global (the project's lib settings leave out the DOM and WebAssembly types). */
type WasmModule = unknown
const wasmApi = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<WasmModule> } }).WebAssembly
type Init = (module: WasmModule) => Promise<unknown>

async function loadCodecs(): Promise<Codecs> {
  const root = (name: string): string => dirname(require.resolve(`@jsquash/${name}/package.json`))
  const wasm = (path: string): Promise<WasmModule> => wasmApi.compile(readFileSync(path))
  const jpeg = await importEsm(join(root('jpeg'), 'encode.js'))
  await (jpeg.init as Init)(await wasm(join(root('jpeg'), 'codec/enc/mozjpeg_enc.wasm')))
  const webp = await importEsm(join(root('webp'), 'encode.js'))
  await (webp.init as Init)(await wasm(join(root('webp'), 'codec/enc/webp_enc_simd.wasm')))
  const oxipng = await importEsm(join(root('oxipng'), 'codec/pkg/squoosh_oxipng.js'))
  await (oxipng.default as Init)(await wasm(join(root('oxipng'), 'codec/pkg/squoosh_oxipng_bg.wasm')))
  return { jpeg: jpeg.default as Encode, webp: webp.default as Encode, png: oxipng.optimise_raw as Codecs['png'] }
}

/** What Squoosh at its defaults makes of `input`. */
export async function squooshPeer(input: Buffer): Promise<PeerResult> {
  codecs ??= loadCodecs()
  const { jpeg, webp, png } = await codecs
  const format = sniffFormat(input)
  const started = process.cpuUsage()
  const cpuMs = (): number => {
    const used = process.cpuUsage(started)
    return (used.user + used.system) / 1000
  }
  if (format !== 'jpeg' && format !== 'png' && format !== 'webp') return { buffer: input, cpuMs: 0, note: `${format ?? 'unknown'}: not taken, the file itself` }
  const meta = await sharp(input, { animated: true, limitInputPixels: false }).metadata()
  if ((meta.pages ?? 1) > 1) return { buffer: input, cpuMs: 0, note: 'animation: not taken, the file itself' }
  const { data, info } = await sharp(input, { limitInputPixels: false })
    .autoOrient()
    .toColourspace('srgb')
    .ensureAlpha()
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true })
  const image: Rgba = { data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height }
  let output: Buffer
  let note: string
  if (format === 'jpeg') {
    output = Buffer.from(await jpeg(image, { quality: 75 }))
    note = 'MozJPEG q75'
  } else if (format === 'webp') {
    output = Buffer.from(await webp(image, { quality: 75 }))
    note = 'WebP q75'
  } else {
    output = Buffer.from(png(image.data, image.width, image.height, 2, false, false))
    note = 'OxiPNG level 2'
  }
  return { buffer: output, cpuMs: cpuMs(), note }
}
