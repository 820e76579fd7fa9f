import { configSchema } from '../src/config-schema'

const schemaWith = (stored: Record<string, unknown> = {}): ReturnType<typeof configSchema> =>
  configSchema({ getConfig: <T>() => stored as T }, 'picBed.aliyun-oss-plus')

describe('configSchema: quality "auto"', () => {
  test('the quality field says it takes "auto" and accepts exactly that', () => {
    const quality = schemaWith().find((field) => field.name === 'quality')!
    expect(quality).toMatchObject({ type: 'input', default: 80, alias: 'Quality (1-100 or auto)' })
    const validate = quality.validate as (value: unknown) => true | string
    expect(validate('auto')).toBe(true)
    expect(validate(' auto ')).toMatch(/Expected an integer between 1 and 100 or "auto" for "quality" but received " auto "/)
  })

  test('autoQualityFloor follows quality in the form, as a list of the named floors', () => {
    const fields = schemaWith({ quality: 'auto', autoQualityFloor: 'high' })
    const names = fields.map((field) => field.name)
    expect(names.indexOf('autoQualityFloor')).toBe(names.indexOf('quality') + 1)
    const floor = fields.find((field) => field.name === 'autoQualityFloor')!
    expect(floor).toMatchObject({ type: 'list', default: 'high' })
    expect(floor.choices).toEqual(['high', 'balanced', 'small'].map((value) => ({ name: value, value })))
  })
})
