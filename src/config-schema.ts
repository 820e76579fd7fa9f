import type { IPicGo, IPluginConfig } from 'picgo'
import { ACLS, AUTO_QUALITY_FLOORS, DEFAULTS, OUTPUT_FORMATS, type Settings, SIGNATURE_VERSIONS, STORAGE_CLASSES, SVG_POLICIES, validateSetting } from './config'
import { advancedGateText, settingText } from './i18n'

type FieldType = 'input' | 'password' | 'confirm' | 'list'

// "proxy" is PicGo's own setting (picBed.proxy), in PicGo's form, not this one.
type Field = [name: Exclude<keyof Settings, 'proxy'>, type: FieldType, choices?: readonly string[]]

/** What a first-time user answers: the four required settings, then where images go and how their URLs look. */
const ESSENTIALS: readonly Field[] = [
  ['accessKeyId', 'input'],
  ['accessKeySecret', 'password'],
  ['bucket', 'input'],
  ['region', 'input'],
  ['customUrl', 'input'],
  ['path', 'input']
]

/** Everything else, each with a working default: endpoint, naming, compression, then the rarely changed. */
const ADVANCED: readonly Field[] = [
  ['endpoint', 'input'],
  ['cname', 'confirm'],
  ['pathStyle', 'confirm'],
  ['stsToken', 'password'],
  ['fileName', 'input'],
  ['urlSuffix', 'input'],
  ['compress', 'confirm'],
  ['quality', 'input'],
  ['autoQualityFloor', 'list', AUTO_QUALITY_FLOORS],
  ['convertTo', 'list', OUTPUT_FORMATS],
  ['maxWidth', 'input'],
  ['maxHeight', 'input'],
  ['keepMetadata', 'confirm'],
  ['svg', 'list', SVG_POLICIES],
  ['dedupe', 'confirm'],
  ['signatureVersion', 'list', SIGNATURE_VERSIONS],
  ['acl', 'list', ACLS],
  ['storageClass', 'list', STORAGE_CLASSES],
  ['cacheControl', 'input'],
  ['signedUrlExpires', 'input'],
  ['timeout', 'input'],
  ['retries', 'input'],
  ['multipartThreshold', 'input'],
  ['deleteOnRemove', 'confirm']
]

const REQUIRED = new Set<keyof Settings>(['accessKeyId', 'accessKeySecret', 'bucket', 'region'])

/** The CLI's yes/no question between the essentials and the rest; removed from the answers before PicGo saves them. */
export const ADVANCED_GATE = '_aliyunOssPlusAdvanced'

type Answers = Record<string, unknown>
/** The inquirer question PicGo's CLI builds from a field (PicGo passes our objects to inquirer as they are). */
type Prompt = IPluginConfig & { when?: (answers: Answers) => boolean; filter?: (value: unknown) => unknown }

export type FormSurface = 'gui' | 'cli'

/** The PicGo app and PicList run in Electron; `picgo set uploader` runs in plain Node. */
const surfaceHere = (): FormSurface => (typeof process.versions.electron === 'string' ? 'gui' : 'cli')

/**
 * The settings form for the PicGo GUI and `picgo set uploader aliyun-oss-plus`, filled with current values.
 * The GUI shows every setting, essentials first. The CLI asks the essentials, each prompt naming its setting, and the
 * rest only when the user says so; a setting it does not ask keeps its stored value, or its default when it has none.
 */
export function configSchema(ctx: Pick<IPicGo, 'getConfig'> & Partial<Pick<IPicGo, 'i18n'>>, configKey: string, surface = surfaceHere()): IPluginConfig[] {
  const current = ctx.getConfig<Record<string, unknown> | undefined>(configKey) ?? {}
  const field = ([name, type, choices]: Field): Prompt => {
    const fallback = name in DEFAULTS ? DEFAULTS[name as keyof typeof DEFAULTS] : ''
    const message = settingText(ctx.i18n, name, 'message')
    const prompt: Prompt = {
      name,
      type,
      required: REQUIRED.has(name),
      default: current[name] ?? fallback,
      alias: settingText(ctx.i18n, name, 'alias'),
      message: surface === 'cli' ? `${name}: ${message}` : message,
      validate: (value: unknown) => validateSetting(name, value)
    }
    if (choices) prompt.choices = choices.map((choice) => ({ name: choice || '(bucket default)', value: choice }))
    // Inquirer 6 clears the shown default on the first keypress: an emptied answer means "keep it" ("/" is the root).
    if (surface === 'cli' && name === 'path') prompt.filter = (value) => (String(value ?? '').trim() === '' ? prompt.default : value)
    return prompt
  }
  if (surface === 'gui') return [...ESSENTIALS, ...ADVANCED].map(field)

  const gate: Prompt = { name: ADVANCED_GATE, type: 'confirm', default: false, required: false, message: advancedGateText(ctx.i18n, ADVANCED.length) }
  const advanced = ADVANCED.map((entry, index): Prompt => ({
    ...field(entry),
    when: (answers) => {
      const asked = answers[ADVANCED_GATE] === true
      if (!asked && entry[0] in current) answers[entry[0]] = current[entry[0]]
      if (index === ADVANCED.length - 1) delete answers[ADVANCED_GATE]
      return asked
    }
  }))
  return [...ESSENTIALS.map(field), gate, ...advanced]
}
