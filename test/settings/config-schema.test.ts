import { configSchema, ADVANCED_GATE, BOUND_DOMAIN } from '../../src/settings/config-schema'
import { resolveSettings } from '../../src/settings/config'
import { answer } from '../helpers/prompts'

const KEY = 'picBed.aliyun-oss-plus'
const ctxWith = (stored?: Record<string, unknown>) => ({ getConfig: <T>() => stored as T })
const ESSENTIAL_NAMES = ['accessKeyId', 'accessKeySecret', 'bucket', 'region', 'customUrl', 'path']

test('the GUI form has every setting, the essentials first and the required ones marked', () => {
  const fields = configSchema(ctxWith(), KEY, 'gui')

  expect(fields.map((f) => f.name).slice(0, 8)).toEqual(['accessKeyId', 'accessKeySecret', 'bucket', 'region', 'endpoint', 'cname', 'customUrl', 'path'])
  expect(fields.filter((f) => f.required).map((f) => f.name)).toEqual(['accessKeyId', 'accessKeySecret', 'bucket', 'region'])
  expect(fields).toHaveLength(42)
  expect(new Set(fields.map((f) => f.name)).size).toBe(42)
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
    // A mainland region: the bound-domain question comes; an older account answers it empty.
    ['boundDomain: ', ''],
    ['customUrl: ', 'https://img.example.com'],
    ['path: ', 'notes/'],
    ['Change the other 36 settings', 'n']
  ])

  expect(answers).toEqual({
    accessKeyId: 'my-ak',
    accessKeySecret: 'my-secret',
    bucket: 'my-bucket',
    region: 'oss-cn-beijing',
    customUrl: 'https://img.example.com',
    path: 'notes/'
  })
  expect(screen).not.toMatch(/\? (quality|timeout|fileName):/)
  expect(resolveSettings(answers)).toMatchObject({ path: 'notes/', quality: 80, fileName: '{hash}.{ext}', timeout: 60000 })
})

test('declining the rest keeps the values stored before; a path erased with Ctrl-U keeps its value and "/" means the bucket root', async () => {
  const stored = { accessKeyId: 'ak', accessKeySecret: 's', bucket: 'b-1', region: 'oss-cn-hangzhou', path: 'img/', quality: 60, fileName: '{name}.{ext}' }
  const replies = (path: string): Array<[string, string]> => [
    ['accessKeyId: ', ''],
    ['accessKeySecret: ', 'new-secret'],
    ['bucket: ', ''],
    ['region: ', ''],
    ['boundDomain: ', ''],
    ['customUrl: ', ''],
    ['path: ', path],
    ['Change the other', 'n']
  ]

  const kept = await answer(configSchema(ctxWith(stored), KEY, 'cli'), replies('\u0015'))
  const root = await answer(configSchema(ctxWith(stored), KEY, 'cli'), replies('/'))

  expect(kept.answers).toMatchObject({ accessKeyId: 'ak', path: 'img/', quality: 60, fileName: '{name}.{ext}' })
  expect(kept.answers).not.toHaveProperty(ADVANCED_GATE)
  expect(resolveSettings(root.answers).path).toBe('')
})

test('saying yes asks the rest too, each naming its setting', async () => {
  const essentials: Array<[string, string]> = [
    ['accessKeyId: ', 'a'],
    ['accessKeySecret: ', 's'],
    ['bucket: ', 'b-1'],
    ['region: ', 'oss-cn-hangzhou'],
    ['boundDomain: ', ''],
    ['customUrl: ', ''],
    ['path: ', '']
  ]
  const fields = configSchema(ctxWith(), KEY, 'cli')
  const advancedNames = fields.slice(8).map((f) => f.name)
  const rest = advancedNames.map((name): [string, string] => [`${name}: `, ''])

  const { answers } = await answer(fields, [...essentials, ['Change the other', 'y'], ...rest])

  expect(advancedNames).toHaveLength(36)
  expect(Object.keys(answers).sort()).toEqual([...ESSENTIAL_NAMES, ...advancedNames].sort())
  expect(resolveSettings(answers)).toMatchObject({ quality: 80, compress: true, pathStyle: false })
})

const schemaWith = (stored: Record<string, unknown> = {}): ReturnType<typeof configSchema> =>
  configSchema({ getConfig: <T>() => stored as T }, 'picBed.aliyun-oss-plus')

describe('configSchema: quality', () => {
  test('the quality field takes an integer 1-100 and refuses anything else, naming what it received', () => {
    const quality = schemaWith().find((field) => field.name === 'quality')!
    expect(quality).toMatchObject({ type: 'input', default: 80, alias: 'Quality (1-100)' })
    const validate = quality.validate as (value: unknown) => true | string
    expect(validate('75')).toBe(true)
    expect(validate('auto')).toMatch(/Expected an integer between 1 and 100 for "quality" but received "auto"/)
  })
})

describe('mainland China: the bound domain among the essentials', () => {
  test('the CLI asks for it after a mainland region, saying why, and the answer becomes endpoint, cname and customUrl', async () => {
    const { answers, screen } = await answer(configSchema(ctxWith(), KEY, 'cli'), [
      ['accessKeyId: ', 'my-ak'],
      ['accessKeySecret: ', 'my-secret'],
      ['bucket: ', 'my-bucket'],
      ['region: ', 'cn-hangzhou'],
      ['boundDomain: ', 'https://img.example.com/'],
      ['path: ', ''],
      ['Change the other', 'n']
    ])

    expect(screen.replace(/\n/g, '')).toMatch(/boundDomain: Custom domain bound to the bucket.*accounts opened since 2025-03-20.*PublicEndpointForbidden/)
    expect(screen).not.toMatch(/\? customUrl:/)
    expect(answers).toMatchObject({ endpoint: 'https://img.example.com', cname: true, customUrl: 'https://img.example.com' })
    expect(answers).not.toHaveProperty(BOUND_DOMAIN)
    expect(resolveSettings(answers)).toMatchObject({ endpoint: 'https://img.example.com', cname: true, customUrl: 'https://img.example.com' })
  })

  test('run again, the stored bound domain is the default, and a CDN kept in customUrl stays', async () => {
    const stored = {
      accessKeyId: 'ak',
      accessKeySecret: 's',
      bucket: 'b-1',
      region: 'oss-cn-hangzhou',
      endpoint: 'https://img.example.com',
      cname: true,
      customUrl: 'https://cdn.example.com'
    }
    const { answers } = await answer(configSchema(ctxWith(stored), KEY, 'cli'), [
      ['accessKeyId: ', ''],
      ['accessKeySecret: ', ''],
      ['bucket: ', ''],
      ['region: ', ''],
      ['boundDomain: ', ''],
      ['path: ', ''],
      ['Change the other', 'n']
    ])
    expect(answers).toMatchObject({ endpoint: 'https://img.example.com', cname: true, customUrl: 'https://cdn.example.com' })
  })

  test('outside the mainland (Hong Kong, Singapore) it is not asked', async () => {
    for (const region of ['oss-cn-hongkong', 'oss-ap-southeast-1']) {
      const { answers, screen } = await answer(configSchema(ctxWith(), KEY, 'cli'), [
        ['accessKeyId: ', 'a'],
        ['accessKeySecret: ', 's'],
        ['bucket: ', 'b-1'],
        ['region: ', region],
        ['customUrl: ', ''],
        ['path: ', ''],
        ['Change the other', 'n']
      ])
      expect(screen).not.toMatch(/boundDomain/)
      expect(answers).not.toHaveProperty('cname')
    }
  })

  test('a bound domain that is no URL is refused at the prompt with the endpoint sentence', () => {
    const question = configSchema(ctxWith(), KEY, 'cli').find((f) => f.name === BOUND_DOMAIN)!
    const validate = question.validate as (value: unknown) => true | string
    expect(validate('img.example.com')).toMatch(/add the scheme: "https:\/\/img.example.com".*"endpoint"/)
    expect(validate('')).toBe(true)
  })

  test('the GUI puts endpoint and cname after a mainland region, saying why; after another region they stay with the rest', () => {
    const mainland = configSchema(ctxWith({ region: 'oss-cn-shanghai' }), KEY, 'gui')
    expect(mainland.map((f) => f.name).slice(3, 7)).toEqual(['region', 'endpoint', 'cname', 'customUrl'])
    expect(mainland.find((f) => f.name === 'endpoint')?.message).toMatch(
      /accounts opened since 2025-03-20 must upload through a custom domain bound to the bucket/
    )

    const singapore = configSchema(ctxWith({ region: 'oss-ap-southeast-1' }), KEY, 'gui')
    expect(singapore.map((f) => f.name).slice(0, 6)).toEqual(ESSENTIAL_NAMES)
    expect(singapore.find((f) => f.name === 'endpoint')?.message).toMatch(/^Leave empty for https:\/\/<region>\.aliyuncs\.com/)
  })
})
