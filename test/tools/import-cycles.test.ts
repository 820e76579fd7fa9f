import { spawnSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tempDir } from '../helpers/picgo'

const CHECKER = join(__dirname, '..', '..', 'tools', 'import-cycles.js')

function check(files: Record<string, string>): { status: number | null; output: string } {
  const dir = tempDir('cycles-')
  try {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true })
      writeFileSync(join(dir, name), text)
    }
    const run = spawnSync(process.execPath, [CHECKER, dir], { encoding: 'utf8' })
    return { status: run.status, output: run.stdout + run.stderr }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

test('src/ itself has no import cycle', () => {
  const run = spawnSync(process.execPath, [CHECKER], { encoding: 'utf8' })
  expect(run.stderr).toBe('')
  expect(run.status).toBe(0)
})

test('a type-only cycle between two files fails', () => {
  const result = check({
    'image/a.ts': "import type { B } from './b'\nexport type A = B\n",
    'image/b.ts': "import type { A } from './a'\nexport type B = A | 1\n"
  })
  expect(result.status).toBe(1)
  expect(result.output).toMatch(/cycle between files: image\/a\.ts → image\/b\.ts → image\/a\.ts/)
})

test('a cycle between folders fails even when the files form no cycle', () => {
  const result = check({
    'config.ts': "import { x } from './naming/x'\nexport const c = x\n",
    'naming/x.ts': 'export const x = 1\n',
    'naming/y.ts': "import { c } from '../config'\nexport const y = c\n"
  })
  expect(result.status).toBe(1)
  expect(result.output).toMatch(/cycle between folders: (config\.ts → naming\/ → config\.ts|naming\/ → config\.ts → naming\/)/)
})

test("one command's folder importing another's fails; both importing commands/shared/ is fine", () => {
  const result = check({
    'commands/shared/bytes.ts': 'export const kb = 1024\n',
    'commands/backup/summary.ts': "import { kb } from '../shared/bytes'\nexport const line = kb\n",
    'commands/migrate/summary.ts': "import { line } from '../backup/summary'\nimport { kb } from '../shared/bytes'\nexport const l = line + kb\n"
  })
  expect(result.status).toBe(1)
  expect(result.output).toContain("one command's folder imports another's: commands/migrate/summary.ts → commands/backup/summary.ts")
  expect(
    check({
      'commands/shared/bytes.ts': 'export const kb = 1024\n',
      'commands/backup/summary.ts': "import { kb } from '../shared/bytes'\nexport const line = kb\n"
    }).status
  ).toBe(0)
})
