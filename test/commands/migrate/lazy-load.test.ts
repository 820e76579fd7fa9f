// The Markdown and HTML parsers cost PicGo's start nothing: dist/ loads them on the first migrate. In a child Node
// process (jest has a module registry of its own), from the built package as npm ships it.
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { REPO_ROOT } from '../../../tools/picgo-home'

const PARSERS = ['micromark', 'parse5', 'entities']

function parsersLoadedBy(script: string): string[] {
  const output = execFileSync(
    process.execPath,
    [
      '-e',
      `(async () => {
    ${script}
    const loaded = Object.keys(require.cache).map((path) => path.replace(/\\\\/g, '/'))
    process.stdout.write(JSON.stringify(${JSON.stringify(PARSERS)}.filter((name) => loaded.some((path) => path.includes('/node_modules/' + name + '/')))))
  })()`
    ],
    { cwd: REPO_ROOT, encoding: 'utf8' }
  )
  return JSON.parse(output) as string[]
}

test('requiring and registering the plugin loads no parser', () => {
  expect(
    parsersLoadedBy(`
    const home = require('node:fs').mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'lazy-'))
    const { PicGo } = require('picgo')
    require(${JSON.stringify(join(REPO_ROOT, 'dist', 'index.js'))})(new PicGo(home + '/config.json')).register()
  `)
  ).toEqual([])
})

test('finding the links of a note loads all three, with require() (CommonJS, as Node 16 in the PicGo app needs)', () => {
  expect(
    parsersLoadedBy(`
    const { findImageLinks } = require(${JSON.stringify(join(REPO_ROOT, 'dist', 'commands', 'migrate', 'find-links.js'))})
    const links = await findImageLinks('![a](x&amp;.png) <img src="y.png">')
    if (links.length !== 2) throw new Error('expected 2 links')
  `)
  ).toEqual(PARSERS)
})
