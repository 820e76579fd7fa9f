// What PicGo pays for having the plugin installed: it requires the package for every `picgo` command and at
// every start of the GUI, whichever uploader is in use. The built package (dist/, as npm ships it) must not load
// ali-oss or sharp until an upload needs them. Run in a child Node process: jest has a module registry of its own.
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { REPO_ROOT } from '../../tools/picgo-home'

function modulesLoadedBy(script: string): string[] {
  const output = execFileSync(
    process.execPath,
    [
      '-e',
      `
    ${script}
    const loaded = Object.keys(require.cache).map((path) => path.replace(/\\\\/g, '/'))
    const names = ['ali-oss', 'sharp'].filter((name) => loaded.some((path) => path.includes('/node_modules/' + name + '/')))
    process.stdout.write(JSON.stringify(names))
  `
    ],
    { cwd: REPO_ROOT, encoding: 'utf8' }
  )
  return JSON.parse(output) as string[]
}

const plugin = JSON.stringify(join(REPO_ROOT, 'dist', 'index.js'))

test('requiring the plugin and registering it loads neither ali-oss nor sharp', () => {
  expect(
    modulesLoadedBy(`
    const { mkdtempSync, rmSync } = require('node:fs')
    const { join } = require('node:path')
    const home = mkdtempSync(join(require('node:os').tmpdir(), 'plugin-load-'))
    const { PicGo } = require('picgo')
    require(${plugin})(new PicGo(join(home, 'config.json'))).register()
    rmSync(home, { recursive: true, force: true })
  `)
  ).toEqual([])
})

test('the first client loads ali-oss (the check above would pass for a plugin that never loads it)', () => {
  expect(
    modulesLoadedBy(`
    const { createClient } = require(${JSON.stringify(join(REPO_ROOT, 'dist', 'oss', 'client.js'))})
    createClient({ accessKeyId: 'ak', accessKeySecret: 'secret', bucket: 'any-bucket', region: 'oss-cn-hangzhou', signatureVersion: 'v4', timeout: 1000 })
  `)
  ).toEqual(['ali-oss'])
})
