import { spawnSync } from 'child_process'
import { join } from 'path'

const ROOT = join(__dirname, '..')

// ESLint loads its config by dynamic import, which Jest's module system refuses: it runs in a child process.
const LINT_CASES = `
const { ESLint } = require('eslint')
const { readFileSync } = require('fs')
const cases = JSON.parse(process.argv[1])
;(async () => {
  // Only the rules under test, without type information: a second instead of ten.
  const eslint = new ESLint({
    cwd: process.cwd(),
    overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
    ruleFilter: ({ ruleId }) => ruleId.startsWith('no-restricted-')
  })
  const rules = []
  for (const [file, added] of cases) {
    const [result] = await eslint.lintText(readFileSync(file, 'utf8') + '\\n' + added + '\\n', { filePath: file })
    rules.push(result.messages.map((m) => m.ruleId))
  }
  process.stdout.write(JSON.stringify(rules))
})()
`

/** The rules eslint.config.js reports for each file of src/ with those lines added. */
function rulesFor(cases: Array<[file: string, added: string]>): Array<Array<string | null>> {
  const run = spawnSync(process.execPath, ['-e', LINT_CASES, JSON.stringify(cases)], { cwd: ROOT, encoding: 'utf8' })
  expect(run.stderr).toBe('')
  return JSON.parse(run.stdout) as Array<Array<string | null>>
}

test('outside src/oss/ a file that imports ali-oss, even for a type, or requires it fails the lint; src/oss/ may', () => {
  const [imported, required, loaded, inside] = rulesFor([
    ['src/gallery/remove.ts', "import type OSS from 'ali-oss'\nexport type Client = OSS"],
    ['src/commands/check/probe.ts', "export const oss: unknown = require('ali-oss')"],
    ['src/uploader/url.ts', "export const oss = import('ali-oss')"],
    ['src/oss/get.ts', "import type OSS from 'ali-oss'\nexport type Client = OSS"]
  ])

  expect(imported).toContain('no-restricted-imports')
  expect(required).toContain('no-restricted-syntax')
  expect(loaded).toContain('no-restricted-syntax')
  expect(inside).toEqual([])
})
