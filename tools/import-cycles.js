// Fails when src/ (or the folder given) has an import cycle, between files or between folders (type-only imports count too),
// or when one command's folder imports another's (what commands share lives in commands/shared/ or commands/local-paths/).
// A folder is one node (src/image, src/naming, ...); each file at the top of src/ is a node of its own.
const fs = require('node:fs')
const path = require('node:path')

const SRC = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'src'))

function sourceFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(full)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : []
  })
}

function importsOf(file) {
  const text = fs.readFileSync(file, 'utf8')
  const specifiers = [...text.matchAll(/(?:from\s+|require\(|import\()\s*['"](\.[^'"]+)['"]/g)].map((m) => m[1])
  return specifiers
    .map((spec) => {
      const base = path.resolve(path.dirname(file), spec)
      return [`${base}.ts`, path.join(base, 'index.ts')].find((candidate) => fs.existsSync(candidate))
    })
    .filter(Boolean)
}

function folderOf(file) {
  const relative = path.relative(SRC, file)
  return relative.includes(path.sep) ? relative.split(path.sep)[0] + '/' : relative
}

/** The first cycle in a graph (Map of node → Set of nodes), as a list of nodes, or undefined. */
function findCycle(graph) {
  const state = new Map()
  const stack = []
  const visit = (node) => {
    state.set(node, 'open')
    stack.push(node)
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next]
      if (!state.has(next)) {
        const cycle = visit(next)
        if (cycle) return cycle
      }
    }
    stack.pop()
    state.set(node, 'done')
    return undefined
  }
  for (const node of graph.keys()) {
    if (!state.has(node)) {
      const cycle = visit(node)
      if (cycle) return cycle
    }
  }
  return undefined
}

const fileGraph = new Map()
const folderGraph = new Map()
for (const file of sourceFiles(SRC)) {
  const targets = importsOf(file)
  fileGraph.set(file, new Set(targets))
  const from = folderOf(file)
  if (!folderGraph.has(from)) folderGraph.set(from, new Set())
  for (const target of targets) if (folderOf(target) !== from) folderGraph.get(from).add(folderOf(target))
}

/** Folders under commands/ that every command may use. */
const SHARED_COMMAND_FOLDERS = new Set(['shared', 'local-paths'])

/** The command folder a file lies in ("backup", "migrate"), or undefined outside one. */
function commandOf(file) {
  const parts = path.relative(SRC, file).split(path.sep)
  return parts[0] === 'commands' && parts.length > 2 && !SHARED_COMMAND_FOLDERS.has(parts[1]) ? parts[1] : undefined
}

const crossCommand = []
for (const [file, targets] of fileGraph) {
  const from = commandOf(file)
  for (const target of targets) {
    const to = commandOf(target)
    if (from !== undefined && to !== undefined && to !== from) crossCommand.push(`${path.relative(SRC, file)} → ${path.relative(SRC, target)}`)
  }
}

const fileCycle = findCycle(fileGraph)
const folderCycle = findCycle(folderGraph)
if (fileCycle) console.error(`import cycle between files: ${fileCycle.map((f) => path.relative(SRC, f)).join(' → ')}`)
if (folderCycle) console.error(`import cycle between folders: ${folderCycle.join(' → ')}`)
for (const edge of crossCommand) console.error(`one command's folder imports another's: ${edge} (move what both need to commands/shared/)`)
if (fileCycle || folderCycle || crossCommand.length > 0) process.exit(1)
console.log(`no import cycles in src/ (${fileGraph.size} files, ${folderGraph.size} folders and top-level files)`)
