// Two older Nodes run this code. The PicGo app 2.3.1/2.4.0 runs all of it on Node 16.9.1; Typora's own "PicGo-Core
// (command line)" runs it on Node 12.22, where sharp cannot load, so there every file that does not import sharp
// (directly or through the files it imports when it loads) must load and run. The compatibility suite runs dist/ on
// both Nodes (test/compat/); this scan of src/'s syntax trees catches, in every npm test, the globals, methods,
// modules and syntax those Nodes lack, before they reach a path the compatibility suite does not walk. A use behind
// a typeof guard is listed in GUARDED.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import ts from 'typescript'

const SRC = join(__dirname, '..', 'src')

interface Lacks {
  /** Globals that Node lacks. */
  globals: ReadonlySet<string>
  /** Methods of any object that its V8 lacks. */
  methods: ReadonlySet<string>
  /** Static members, `object.member`, that it lacks. */
  members: ReadonlySet<string>
  /** Names that its built-in modules do not export, as `module.name`. */
  exports: ReadonlySet<string>
  /** Built-in module specifiers it cannot require. */
  modules: ReadonlySet<string>
  /** Regular-expression flags it does not know. */
  regexFlags: string
}

/** Node 16.9: fetch and the web classes came in 18, structuredClone in 17. */
const NODE_16: Lacks = {
  globals: new Set([
    'fetch',
    'structuredClone',
    'Blob',
    'File',
    'WebSocket',
    'navigator',
    'ReadableStream',
    'WritableStream',
    'Response',
    'Request',
    'Headers',
    'FormData',
    'availableParallelism'
  ]),
  methods: new Set(['findLast', 'findLastIndex', 'toSorted', 'toReversed', 'toSpliced', 'isWellFormed', 'toWellFormed']),
  members: new Set([
    'AbortSignal.timeout',
    'AbortSignal.any',
    'Object.groupBy',
    'Map.groupBy',
    'Promise.withResolvers',
    'Array.fromAsync',
    'os.availableParallelism',
    'crypto.hash',
    'process.getBuiltinModule',
    'util.stripVTControlCharacters'
  ]),
  exports: new Set(['os.availableParallelism', 'crypto.hash', 'util.stripVTControlCharacters']),
  modules: new Set(['readline/promises', 'test', 'node:test']),
  regexFlags: 'v'
}

/** Node 12.22 (V8 7.8) lacks all of Node 16.9's gaps and these. */
const NODE_12: Lacks = {
  globals: new Set([
    ...NODE_16.globals,
    'AbortController',
    'AbortSignal',
    'EventTarget',
    'Event',
    'AggregateError',
    'WeakRef',
    'FinalizationRegistry',
    'atob',
    'btoa',
    'performance'
  ]),
  methods: new Set([...NODE_16.methods, 'at', 'replaceAll']),
  members: new Set([
    ...NODE_16.members,
    'Promise.any',
    'Object.hasOwn',
    'fs.rm',
    'fs.rmSync',
    'fs.cp',
    'fs.cpSync',
    'crypto.randomUUID',
    'crypto.randomInt',
    'crypto.webcrypto',
    'fs.promises.rm',
    'fs.promises.cp'
  ]),
  exports: new Set([...NODE_16.exports, 'fs.rm', 'fs.rmSync', 'fs.cp', 'fs.cpSync', 'crypto.randomUUID', 'crypto.randomInt', 'crypto.webcrypto', 'util.types']),
  modules: new Set([
    ...NODE_16.modules,
    'fs/promises',
    'timers/promises',
    'stream/promises',
    'stream/web',
    'util/types',
    'dns/promises',
    'path/posix',
    'path/win32',
    'diagnostics_channel'
  ]),
  regexFlags: 'dv'
}

const GUARDED = new Set([
  'uploader/cpu-count.ts: availableParallelism',
  'uploader/cpu-count.ts: import os.availableParallelism',
  'commands/local-paths/remove.ts: fs.rm'
])

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []
  )
}

/** An identifier used as a value: called, constructed, read from, or passed (not a type, a key or a declaration). */
function isValueUse(node: ts.Identifier): boolean {
  const parent = node.parent
  if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) return parent.expression === node || parent.arguments?.includes(node) === true
  if (ts.isPropertyAccessExpression(parent)) return parent.expression === node
  return ts.isTypeOfExpression(parent) || ts.isBinaryExpression(parent) || (ts.isVariableDeclaration(parent) && parent.initializer === node)
}

function isCallee(node: ts.PropertyAccessExpression): boolean {
  return ts.isCallExpression(node.parent) && node.parent.expression === node
}

function moduleOf(specifier: string): string {
  return specifier.replace(/^node:/, '')
}

function newerThan(lacks: Lacks, code: string, fileName = 'code.ts'): string[] {
  const found: string[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isClassStaticBlockDeclaration(node)) found.push('static {} block')
    if (ts.isIdentifier(node) && lacks.globals.has(node.text) && isValueUse(node)) found.push(node.text)
    if (ts.isPropertyAccessExpression(node)) {
      const member = `${node.expression.getText()}.${node.name.text}`
      if (lacks.members.has(member)) found.push(member)
      else if (lacks.methods.has(node.name.text) && isCallee(node)) found.push(`.${node.name.text}()`)
    }
    if (ts.isRegularExpressionLiteral(node)) {
      const flags = node.text.slice(node.text.lastIndexOf('/') + 1)
      for (const flag of flags) if (lacks.regexFlags.includes(flag)) found.push(`regex flag ${flag}`)
    }
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && node.importClause?.isTypeOnly !== true) {
      const specifier = node.moduleSpecifier.text
      if (lacks.modules.has(moduleOf(specifier))) found.push(`module ${specifier}`)
      const named = node.importClause?.namedBindings
      if (named && ts.isNamedImports(named)) {
        for (const element of named.elements) {
          const name = `${moduleOf(specifier)}.${(element.propertyName ?? element.name).text}`
          if (!element.isTypeOnly && lacks.exports.has(name)) found.push(`import ${name}`)
        }
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true))
  return found
}

/** What a file requires when it loads: its imports that survive compilation (those not used as types only). */
function loadTimeImports(file: string): string[] {
  const js = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2019 } }).outputText
  const top = ts.createSourceFile('out.js', js, ts.ScriptTarget.Latest, true)
  const specifiers: string[] = []
  const visit = (node: ts.Node): void => {
    // Only what runs when the module loads: a require() inside a function body is a lazy load.
    if (ts.isFunctionLike(node)) return
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require') {
      const [argument] = node.arguments
      if (argument && ts.isStringLiteral(argument)) specifiers.push(argument.text)
    }
    ts.forEachChild(node, visit)
  }
  visit(top)
  return specifiers
}

/** The src/ files that load sharp when they load, directly or through a local import. */
function filesLoadingSharp(files: string[]): Set<string> {
  const imports = new Map(files.map((file) => [file, loadTimeImports(file)]))
  const local = (from: string, specifier: string): string => resolve(dirname(from), `${specifier}.ts`)
  const loading = new Set(files.filter((file) => imports.get(file)?.includes('sharp')))
  for (let grew = true; grew;) {
    grew = false
    for (const file of files) {
      if (loading.has(file)) continue
      if ((imports.get(file) ?? []).some((specifier) => specifier.startsWith('.') && loading.has(local(file, specifier)))) {
        loading.add(file)
        grew = true
      }
    }
  }
  return loading
}

const FILES = sourceFiles(SRC)
const hitsIn = (lacks: Lacks, files: string[]): string[] =>
  files.flatMap((file) => newerThan(lacks, readFileSync(file, 'utf8'), file).map((use) => `${relative(SRC, file)}: ${use}`)).filter((hit) => !GUARDED.has(hit))

test('src/ uses nothing that Node 16.9 lacks, except behind a guard', () => {
  expect(hitsIn(NODE_16, FILES)).toEqual([])
})

test("src/ files that do not load sharp use nothing that Node 12.22 lacks (Typora's own PicGo-Core)", () => {
  const sharpFiles = filesLoadingSharp(FILES)
  expect(
    hitsIn(
      NODE_12,
      FILES.filter((file) => !sharpFiles.has(file))
    )
  ).toEqual([])
})

test('src/ names built-in modules without "node:", which require() on Node 12 does not know', () => {
  const prefixed = FILES.filter((file) => /(from|require\()\s*['"]node:/.test(readFileSync(file, 'utf8'))).map((file) => relative(SRC, file))
  expect(prefixed).toEqual([])
})

test('the files that load sharp are those importing it and those importing them when they load, not lazily', () => {
  const sharpFiles = [...filesLoadingSharp(FILES)].map((file) => relative(SRC, file)).sort()
  expect(sharpFiles).toEqual(expect.arrayContaining(['transformers/compress/index.ts', 'image/watermark.ts']))
  // The stage runner loads compress lazily, so that an upload works where sharp cannot load.
  expect(sharpFiles).not.toContain('transformers/index.ts')
  expect(sharpFiles).not.toContain('index.ts')
})

test('the scan finds each kind it looks for, and not names in comments, strings or types', () => {
  const code = [
    '// fetch( in a comment',
    'const text = "fetch(url)"',
    'let response: Response',
    'const r = await fetch(url, { signal: AbortSignal.timeout(5) })',
    'const last = list.findLast((x) => x)',
    'class A { static { init() } }'
  ].join('\n')
  expect(newerThan(NODE_16, code)).toEqual(['fetch', 'AbortSignal.timeout', '.findLast()', 'static {} block'])
})

test('the Node 12 scan finds what Node 12.22 lacks and Node 16.9 has', () => {
  const code = [
    "import { randomUUID, createHash } from 'crypto'",
    "import { readFile } from 'fs/promises'",
    "import type { Stats } from 'fs/promises'",
    "import { rm } from 'node:fs'",
    'const controller = new AbortController()',
    'const last = list.at(-1)',
    'const newest = entries.sort((a, b) => b.at - a.at)',
    "const clean = text.replaceAll('a', 'b')",
    'fs.rm(dir, { recursive: true })',
    'const first = await Promise.any(tasks)',
    'const m = /a(b)/d.exec(text)'
  ].join('\n')
  expect(newerThan(NODE_12, code)).toEqual([
    'import crypto.randomUUID',
    'module fs/promises',
    'import fs.rm',
    'AbortController',
    '.at()',
    '.replaceAll()',
    'fs.rm',
    'Promise.any',
    'regex flag d'
  ])
  expect(newerThan(NODE_16, code)).toEqual([])
})
