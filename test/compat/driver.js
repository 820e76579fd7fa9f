// Runs inside a compatibility row: on that row's Node (16.9.1 too, so plain CommonJS and nothing newer), with that
// row's PicGo core, in a PicGo home where the core's own `picgo install` put the packed plugin. It does what the
// PicGo app does with a plugin and prints one line, "COMPAT-RESULT <json>", for test/compat/hosts.test.ts to judge.
'use strict'
const http = require('http')
const fs = require('fs')
const path = require('path')

const PLUGIN = 'picgo-plugin-aliyun-oss-plus'
const UPLOADER = 'aliyun-oss-plus'
const job = JSON.parse(process.argv[2])

function request(method, url, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: body ? { 'content-type': 'application/json' } : {} }, (res) => {
      const chunks = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

function schemaIn(picgo, language) {
  // picgo 1.4 has no i18n: the form is the same in every language.
  if (picgo.i18n) picgo.i18n.setLanguage(language)
  const fields = picgo.helper.uploader.get(UPLOADER).config(picgo)
  return fields.map((f) => ({ name: f.name, alias: f.alias, message: f.message, required: f.required, type: f.type }))
}

/** Every module of the installed dist/, required: a syntax or API this Node lacks at load time shows here. */
function requireAll(dir) {
  const failures = []
  let count = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name)
    if (entry.isDirectory()) {
      const inner = requireAll(file)
      count += inner.count
      failures.push(...inner.failures)
    } else if (entry.name.endsWith('.js')) {
      count++
      try {
        require(file)
      } catch (error) {
        failures.push(`${file}: ${error.message}`)
      }
    }
  }
  return { count, failures }
}

async function main() {
  const result = { node: process.version }
  // picgo 1.4 exports the class itself; later cores export { PicGo }.
  const core = require(job.core)
  const PicGo = core.PicGo || core
  const picgo = new PicGo(job.config)
  picgo.setConfig({ silent: true, debug: true })
  result.core = picgo.VERSION
  result.plugins = picgo.pluginLoader.getFullList()
  result.uploaders = picgo.helper.uploader.getIdList()
  result.loaded = requireAll(path.join(path.dirname(job.config), 'node_modules', PLUGIN, 'dist'))
  result.schema = { 'zh-CN': schemaIn(picgo, 'zh-CN'), en: schemaIn(picgo, 'en') }

  // A PNG, then an SVG on its own: sanitising it loads jsdom and DOMPurify, which nothing else loads, and where they
  // cannot load (Node 12) the SVG is refused, which fails its whole upload call.
  const failures = []
  picgo.on('failed', (error) => failures.push(String((error && error.message) || error)))
  const output = await picgo.upload([job.images[0]])
  const drawing = await picgo.upload([job.images[2]]).catch(() => [])
  result.upload = output
    .concat(Array.isArray(drawing) ? drawing : [])
    .filter((item) => item && item.imgUrl)
    .map((item) => ({ imgUrl: item.imgUrl, ossKey: item.ossKey, type: item.type }))
  result.failures = failures

  // The app, after removing gallery entries from its DB: picgo.emit('remove', files, guiApi). It does not wait.
  const removed = output[0]
  picgo.setConfig({ [`picBed.${UPLOADER}.deleteOnRemove`]: true })
  picgo.emit('remove', [Object.assign({ id: 'gallery-1' }, removed)], { galleryDB: { get: async () => ({ total: 0, data: [] }) } })
  let status = 0
  for (let i = 0; i < 100; i++) {
    status = (await request('GET', removed.imgUrl)).status
    if (status === 404) break
    await sleep(50)
  }
  result.afterRemove = status

  if (job.serverPort) {
    await picgo.server.listen(job.serverPort, '127.0.0.1', true)
    try {
      const answer = await request('POST', `http://127.0.0.1:${job.serverPort}/upload`, JSON.stringify({ list: [job.images[1]] }))
      result.server = { status: answer.status, body: JSON.parse(answer.body) }
    } finally {
      picgo.server.shutdown()
    }
  }
  return result
}

main().then(
  (result) => {
    process.stdout.write(`\nCOMPAT-RESULT ${JSON.stringify(result)}\n`)
    process.exit(0)
  },
  (error) => {
    process.stdout.write(`\nCOMPAT-RESULT ${JSON.stringify({ error: String((error && error.stack) || error) })}\n`)
    process.exit(1)
  }
)
