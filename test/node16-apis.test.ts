// The PicGo app 2.3.1/2.4.0 runs this code on Node 16.9.1 (the compatibility suite runs it there, test/compat/).
// This scan of src/'s syntax trees catches, in every npm test, the globals, methods and syntax Node 16.9 lacks, before
// they reach a path the compatibility suite does not walk. A use behind a typeof guard is listed in GUARDED.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'

const SRC = join(__dirname, '..', 'src')
/** Globals Node 16.9 does not have (fetch and the web classes came in 18, structuredClone in 17). */
const GLOBALS = new Set(['fetch', 'structuredClone', 'Blob', 'File', 'WebSocket', 'navigator', 'ReadableStream', 'WritableStream', 'Response', 'Request', 'Headers', 'FormData', 'availableParallelism'])
/** Methods of any object that V8 9.3 lacks (Node 18-20). */
const METHODS = new Set(['findLast', 'findLastIndex', 'toSorted', 'toReversed', 'toSpliced', 'isWellFormed', 'toWellFormed'])
/** Static members Node 16.9 lacks. */
const MEMBERS = new Set(['AbortSignal.timeout', 'AbortSignal.any', 'Object.groupBy', 'Map.groupBy', 'Promise.withResolvers', 'Array.fromAsync', 'os.availableParallelism', 'crypto.hash', 'process.getBuiltinModule'])
const GUARDED = new Set(['uploader/cpu-count.ts: availableParallelism'])

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []))
}

/** An identifier used as a value: called, constructed, read from, or passed (not a type, a key or a declaration). */
function isValueUse(node: ts.Identifier): boolean {
  const parent = node.parent
  if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) return parent.expression === node || parent.arguments?.includes(node) === true
  if (ts.isPropertyAccessExpression(parent)) return parent.expression === node
  return ts.isTypeOfExpression(parent) || ts.isBinaryExpression(parent) || (ts.isVariableDeclaration(parent) && parent.initializer === node)
}

function newerThanNode16(code: string, fileName = 'code.ts'): string[] {
  const found: string[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isClassStaticBlockDeclaration(node)) found.push('static {} block')
    if (ts.isIdentifier(node) && GLOBALS.has(node.text) && isValueUse(node)) found.push(node.text)
    if (ts.isPropertyAccessExpression(node)) {
      const member = `${node.expression.getText()}.${node.name.text}`
      if (MEMBERS.has(member)) found.push(member)
      else if (METHODS.has(node.name.text)) found.push(`.${node.name.text}()`)
    }
    ts.forEachChild(node, visit)
  }
  visit(ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true))
  return found
}

test('src/ uses nothing that Node 16.9 lacks, except behind a guard', () => {
  const hits = sourceFiles(SRC).flatMap((file) =>
    newerThanNode16(readFileSync(file, 'utf8'), file).map((use) => `${relative(SRC, file)}: ${use}`))
  expect(hits.filter((hit) => !GUARDED.has(hit))).toEqual([])
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
  expect(newerThanNode16(code)).toEqual(['fetch', 'AbortSignal.timeout', '.findLast()', 'static {} block'])
})
