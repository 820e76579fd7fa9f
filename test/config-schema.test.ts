import { configSchema, ADVANCED_GATE } from '../src/config-schema'
import { resolveSettings } from '../src/config'
import { answer } from './helpers/prompts'

const KEY = 'picBed.aliyun-oss-plus'
const ctxWith = (stored?: Record<string, unknown>) => ({ getConfig: <T>() => stored as T })
const ESSENTIAL_NAMES = ['accessKeyId', 'accessKeySecret', 'bucket', 'region', 'customUrl', 'path']

test('the GUI form has every setting, the essentials first and the required ones marked', () => {
  const fields = configSchema(ctxWith(), KEY, 'gui')

  expect(fields.map((f) => f.name).slice(0, 6)).toEqual(ESSENTIAL_NAMES)
  expect(fields.filter((f) => f.required).map((f) => f.name)).toEqual(['accessKeyId', 'accessKeySecret', 'bucket', 'region'])
  expect(fields).toHaveLength(29)
  expect(new Set(fields.map((f) => f.name)).size).toBe(29)
  expect(fields.map((f) => f.name)).toContain('pathStyle')
  expect(fields.some((f) => f.name === ADVANCED_GATE)).toBe(false)
  expect(fields.find((f) => f.name === 'path')?.message).toMatch(/^Key prefix/)
})

// `picgo set uploader aliyun-oss-plus` hands these fields to inquirer 6 as they are; here the same inquirer answers them.
test('the CLI asks the six essentials, each naming its setting, then stops when the user declines the rest', async () => {
  const { answers, screen } = await answer(configSchema(ctxWith(), KEY, 'cli'), [
    ['accessKeyId: ', 'my-ak'],
    ['accessKeySecret: ', 'my-secret'],
    ['bucket: ', 'my-bucket'],
    ['region: ', 'oss-cn-beijing'],
    ['customUrl: ', 'https://img.example.com'],
    ['path: ', 'notes/'],
    ['Change the other 23 settings', 'n']
  ])

  expect(answers).toEqual({ accessKeyId: 'my-ak', accessKeySecret: 'my-secret', bucket: 'my-bucket', region: 'oss-cn-beijing', customUrl: 'https://img.example.com', path: 'notes/' })
  expect(screen).not.toMatch(/\? (quality|timeout|fileName):/)
  expect(resolveSettings(answers)).toMatchObject({ path: 'notes/', quality: 80, fileName: '{hash}.{ext}', timeout: 60000 })
})

test('declining the rest keeps the values stored before; a path erased with Ctrl-U keeps its value and "/" means the bucket root', async () => {
  const stored = { accessKeyId: 'ak', accessKeySecret: 's', bucket: 'b-1', region: 'oss-cn-hangzhou', path: 'img/', quality: 60, fileName: '{name}.{ext}' }
  const replies = (path: string): Array<[string, string]> => [
    ['accessKeyId: ', ''], ['accessKeySecret: ', 'new-secret'], ['bucket: ', ''], ['region: ', ''], ['customUrl: ', ''], ['path: ', path],
    ['Change the other', 'n']
  ]

  const kept = await answer(configSchema(ctxWith(stored), KEY, 'cli'), replies('\u0015'))
  const root = await answer(configSchema(ctxWith(stored), KEY, 'cli'), replies('/'))

  expect(kept.answers).toMatchObject({ accessKeyId: 'ak', path: 'img/', quality: 60, fileName: '{name}.{ext}' })
  expect(kept.answers).not.toHaveProperty(ADVANCED_GATE)
  expect(resolveSettings(root.answers).path).toBe('')
})

test('saying yes asks the rest too, each naming its setting', async () => {
  const essentials: Array<[string, string]> = [['accessKeyId: ', 'a'], ['accessKeySecret: ', 's'], ['bucket: ', 'b-1'], ['region: ', 'oss-cn-hangzhou'], ['customUrl: ', ''], ['path: ', '']]
  const fields = configSchema(ctxWith(), KEY, 'cli')
  const advancedNames = fields.slice(7).map((f) => f.name)
  const rest = advancedNames.map((name): [string, string] => [`${name}: `, ''])

  const { answers } = await answer(fields, [...essentials, ['Change the other', 'y'], ...rest])

  expect(advancedNames).toHaveLength(23)
  expect(Object.keys(answers).sort()).toEqual([...ESSENTIAL_NAMES, ...advancedNames].sort())
  expect(resolveSettings(answers)).toMatchObject({ quality: 80, compress: true, pathStyle: false })
})
