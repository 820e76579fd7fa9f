import sharp from 'sharp'
import { writeFileSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'
import { compress, type CompressOptions } from '../../src/transformers/compress'
import type { WatermarkOptions } from '../../src/image/watermark'
import type { StageImage } from '../../src/transformers/types'

const BASE: CompressOptions = {
  quality: 80,
  convertTo: 'keep',
  maxWidth: 0,
  maxHeight: 0,
  keepMetadata: false,
  limitInputPixels: 1e8
}
const TEXT: WatermarkOptions = {
  mode: 'text',
  text: '© 我的博客',
  position: 'bottom-right',
  angle: -30,
  opacity: 1,
  scale: 0.1,
  margin: 0.03,
  minSize: 300
}

async function photo(width: number, height: number, format: 'png' | 'jpeg' = 'png'): Promise<StageImage> {
  const buffer = await sharp({ create: { width, height, channels: 3, background: '#3060a0' } })
    [format]()
    .toBuffer()
  return { buffer, fileName: `p.${format}`, extname: `.${format}`, contentType: `image/${format}` }
}

/** Mean absolute difference per channel of a region of two same-sized pictures. */
async function difference(a: Buffer, b: Buffer, region: { left: number; top: number; width: number; height: number }): Promise<number> {
  const [x, y] = await Promise.all([a, b].map((bytes) => sharp(bytes).extract(region).removeAlpha().raw().toBuffer()))
  let sum = 0
  for (let i = 0; i < x!.length; i++) sum += Math.abs(x![i]! - y![i]!)
  return sum / x!.length
}

describe('watermark in the compression stage', () => {
  test('a text mark is where it was placed (bottom-right) and nowhere else', async () => {
    const input = await photo(800, 500)
    const plain = await compress(input, BASE)
    const marked = await compress(input, { ...BASE, watermark: TEXT })
    writeFileSync(join(tmpdir(), 'i29-bottom-right.png'), marked.buffer)
    expect(marked.notes?.join(' ')).toMatch(/watermarked/)
    expect(await difference(plain.buffer, marked.buffer, { left: 500, top: 400, width: 300, height: 100 })).toBeGreaterThan(5)
    expect(await difference(plain.buffer, marked.buffer, { left: 0, top: 0, width: 400, height: 300 })).toBe(0)
    expect(marked.warnings ?? []).toEqual([])
  })

  test('CJK text renders with the built-in font: the glyphs cover pixels', async () => {
    const input = await photo(600, 400)
    const plain = await compress(input, BASE)
    const marked = await compress(input, { ...BASE, watermark: { ...TEXT, text: '水印中文', position: 'center', scale: 0.2 } })
    expect(await difference(plain.buffer, marked.buffer, { left: 150, top: 150, width: 300, height: 100 })).toBeGreaterThan(20)
  })

  test('a character the font lacks is named in one sentence', async () => {
    const marked = await compress(await photo(600, 400), { ...BASE, watermark: { ...TEXT, text: 'ok 𓀀' } })
    expect(marked.warnings).toEqual([expect.stringMatching(/"𓀀" cannot be drawn: the built-in font .* has no such glyph/)])
  })

  test('tiles cover the whole picture, opposite corners included', async () => {
    const input = await photo(900, 600)
    const plain = await compress(input, BASE)
    const marked = await compress(input, { ...BASE, watermark: { ...TEXT, position: 'tile', text: 'TILE 水印' } })
    writeFileSync(join(tmpdir(), 'i29-tile.png'), marked.buffer)
    expect(await difference(plain.buffer, marked.buffer, { left: 0, top: 0, width: 450, height: 300 })).toBeGreaterThan(2)
    expect(await difference(plain.buffer, marked.buffer, { left: 450, top: 300, width: 450, height: 300 })).toBeGreaterThan(2)
  })

  test('an image mark (PNG) goes top-left, faded by the opacity', async () => {
    const logo = await sharp({ create: { width: 100, height: 100, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 1 } } })
      .png()
      .toBuffer()
    const input = await photo(1000, 500)
    const marked = await compress(input, { ...BASE, watermark: { ...TEXT, mode: 'image', image: logo, position: 'top-left', opacity: 0.5 } })
    const { data } = await sharp(marked.buffer).extract({ left: 25, top: 25, width: 1, height: 1 }).raw().toBuffer({ resolveWithObject: true })
    // Half red over #3060a0: about (152, 48, 80).
    expect(data[0]).toBeGreaterThan(130)
    expect(data[0]).toBeLessThan(175)
    const { data: outside } = await sharp(marked.buffer).extract({ left: 500, top: 250, width: 1, height: 1 }).raw().toBuffer({ resolveWithObject: true })
    expect([...outside]).toEqual([0x30, 0x60, 0xa0])
  })

  test('a small picture gets none, and the log line says why', async () => {
    const input = await photo(400, 250)
    const marked = await compress(input, { ...BASE, watermark: TEXT })
    expect(marked.notes?.join(' ')).toMatch(/no watermark: the short edge 250 px is below watermarkMinSize 300/)
    expect(marked.notes?.join(' ')).not.toMatch(/watermarked/)
  })

  test('an animated GIF and an SVG pass unchanged', async () => {
    const anim = await makeAnimation()
    const out = await compress({ buffer: anim, fileName: 'a.gif', extname: '.gif', contentType: 'image/gif' }, { ...BASE, watermark: TEXT })
    expect(out.buffer.equals(anim)).toBe(true)
    expect(out.notes?.join(' ')).toMatch(/no watermark/)
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800"><rect width="800" height="800"/></svg>')
    const kept = await compress({ buffer: svg, fileName: 'a.svg', extname: '.svg', contentType: 'image/svg+xml' }, { ...BASE, watermark: TEXT })
    expect(kept.buffer.equals(svg)).toBe(true)
    expect(kept.notes?.join(' ')).toMatch(/kept original: .*no watermark/)
  })

  test.each([
    ['a PNG with a broken body', Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from('no chunks here, only words')])],
    ['an SVG that is not well-formed', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10"')]
  ])('a watermark file that cannot be drawn (%s) is a watermarkImage problem naming the file, not a damaged picture', async (_kind, image) => {
    const imagePath = '/marks/logo\n[PicGo SUCCESS] x.png'
    const marking = compress(await photo(800, 500), { ...BASE, watermark: { ...TEXT, mode: 'image', image, imagePath } })
    const error = await marking.then(
      () => undefined,
      (thrown: unknown) => thrown as Error
    )
    expect(error?.message).toMatch(
      /^\[aliyun-oss-plus\] Expected a PNG or SVG file the watermark can draw \(.+\) for "watermarkImage" but received "\/marks\/logo\\n\[PicGo SUCCESS\] x\.png"$/
    )
    expect(error?.message).not.toMatch(/damaged|\n/)
  })

  test('a JPEG already below the target quality still gets its mark (re-encoded, not kept)', async () => {
    const input = await photo(800, 600, 'jpeg')
    const low = { ...input, buffer: await sharp(input.buffer).jpeg({ quality: 50 }).toBuffer() }
    expect((await compress(low, BASE)).notes?.join(' ')).toMatch(/kept original/)
    const marked = await compress(low, { ...BASE, watermark: TEXT })
    expect(marked.notes?.join(' ')).toMatch(/watermarked/)
  })
})

const FRAME_COLOURS = [
  [200, 40, 40],
  [40, 160, 40],
  [40, 40, 200]
] as const

/** Three 400×400 frames of different colours, as one animated GIF (or WebP). */
async function makeAnimation(format: 'gif' | 'webp' = 'gif'): Promise<Buffer> {
  const frames = await Promise.all(
    FRAME_COLOURS.map(([r, g, b]) =>
      sharp({ create: { width: 400, height: 400, channels: 3, background: { r, g, b } } })
        .raw()
        .toBuffer()
    )
  )
  const strip = sharp(Buffer.concat(frames), { raw: { width: 400, height: 1200, channels: 3, pageHeight: 400 } as never })
  return format === 'gif' ? strip.gif({ loop: 0 }).toBuffer() : strip.webp({ loop: 0, lossless: true }).toBuffer()
}

/** Per frame, which pixels the mark changed: 1 where a pixel is far from the frame's own colour. */
async function markMasks(animation: Buffer): Promise<{ masks: Uint8Array[]; width: number; height: number }> {
  const { data, info } = await sharp(animation, { animated: true }).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  const height = info.pageHeight ?? info.height
  const masks = FRAME_COLOURS.map((colour, frame) => {
    const mask = new Uint8Array(info.width * height)
    for (let p = 0; p < mask.length; p++) {
      const at = (frame * mask.length + p) * 3
      mask[p] = colour.some((value, c) => Math.abs((data[at + c] as number) - value) > 40) ? 1 : 0
    }
    return mask
  })
  return { masks, width: info.width, height }
}

const count = (mask: Uint8Array, width: number, region: { left: number; top: number; width: number; height: number }): number => {
  let n = 0
  for (let y = region.top; y < region.top + region.height; y++)
    for (let x = region.left; x < region.left + region.width; x++) n += mask[y * width + x] as number
  return n
}

const agreement = (a: Uint8Array, b: Uint8Array): number => a.reduce((same, value, i) => same + (value === b[i] ? 1 : 0), 0) / a.length

describe('watermarkAnimated: every frame of an animation gets the mark', () => {
  const ANIMATED = { ...TEXT, text: 'MARK 水印', animated: true }

  test.each(['gif', 'webp'] as const)('an animated %s keeps its frames, each with the mark bottom-right and nothing top-left', async (format) => {
    const input = await makeAnimation(format)
    const out = await compress(
      { buffer: input, fileName: `a.${format}`, extname: `.${format}`, contentType: `image/${format}` },
      { ...BASE, watermark: ANIMATED }
    )
    expect(out.notes?.join(' ')).toMatch(/watermarked/)
    expect(out.contentType).toBe(`image/${format}`)
    expect((await sharp(out.buffer, { animated: true }).metadata()).pages).toBe(3)
    const { masks, width } = await markMasks(out.buffer)
    for (const mask of masks) {
      expect(count(mask, width, { left: 200, top: 340, width: 200, height: 60 })).toBeGreaterThan(300)
      expect(count(mask, width, { left: 0, top: 0, width: 200, height: 300 })).toBe(0)
    }
    expect(agreement(masks[0]!, masks[2]!)).toBeGreaterThan(0.99)
  })

  test('tiles start afresh on each frame: the pattern is the same on all three', async () => {
    const input = await makeAnimation()
    const out = await compress(
      { buffer: input, fileName: 'a.gif', extname: '.gif', contentType: 'image/gif' },
      { ...BASE, watermark: { ...ANIMATED, position: 'tile', scale: 0.08 } }
    )
    const { masks, width, height } = await markMasks(out.buffer)
    expect(count(masks[0]!, width, { left: 0, top: 0, width, height })).toBeGreaterThan(2000)
    expect(agreement(masks[0]!, masks[1]!)).toBeGreaterThan(0.99)
    expect(agreement(masks[0]!, masks[2]!)).toBeGreaterThan(0.99)
  })

  test('a resized animation has its mark in place on every frame (301 px frames)', async () => {
    const input = await makeAnimation()
    const out = await compress(
      { buffer: input, fileName: 'a.gif', extname: '.gif', contentType: 'image/gif' },
      { ...BASE, maxWidth: 301, watermark: { ...ANIMATED, minSize: 100 } }
    )
    const { masks, width, height } = await markMasks(out.buffer)
    expect([width, height]).toEqual([301, 301])
    for (const mask of masks) {
      expect(count(mask, width, { left: 150, top: 250, width: 151, height: 51 })).toBeGreaterThan(150)
      expect(count(mask, width, { left: 0, top: 0, width: 150, height: 220 })).toBe(0)
    }
    expect(agreement(masks[0]!, masks[1]!)).toBeGreaterThan(0.99)
  })

  test('off (the default), an animation passes unchanged and the note says which setting would mark it', async () => {
    const anim = await makeAnimation('webp')
    const out = await compress({ buffer: anim, fileName: 'a.webp', extname: '.webp', contentType: 'image/webp' }, { ...BASE, watermark: TEXT })
    expect(out.notes?.join(' ')).toMatch(/no watermark on an animation \(3 frames; watermarkAnimated is off\)/)
  })
})
