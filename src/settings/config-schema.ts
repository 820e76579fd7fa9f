import type { IPicGo, IPluginConfig } from 'picgo'
import {
  ACLS,
  DEFAULTS,
  FORMAT_MODES,
  NON_IMAGE_POLICIES,
  OUTPUT_FORMATS,
  type Settings,
  SIGNATURE_VERSIONS,
  STORAGE_CLASSES,
  SVG_POLICIES,
  validateSetting
} from './config'
import { advancedGateText, mainlandText, settingText } from './i18n'
import { WATERMARK_MODES, WATERMARK_POSITIONS } from './config'
import { isMainlandRegion } from './regions'

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
  ['convertTo', 'list', OUTPUT_FORMATS],
  ['formats', 'list', FORMAT_MODES],
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
  ['deleteOnRemove', 'confirm'],
  ['nonImages', 'list', NON_IMAGE_POLICIES],
  ['maxInputMB', 'input'],
  ['watermark', 'list', WATERMARK_MODES],
  ['watermarkText', 'input'],
  ['watermarkImage', 'input'],
  ['watermarkPosition', 'list', WATERMARK_POSITIONS],
  ['watermarkAngle', 'input'],
  ['watermarkOpacity', 'input'],
  ['watermarkScale', 'input'],
  ['watermarkMargin', 'input'],
  ['watermarkMinSize', 'input'],
  ['watermarkAnimated', 'confirm']
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
  if (surface === 'gui') return guiForm(ctx, current, field)

  const gate: Prompt = { name: ADVANCED_GATE, type: 'confirm', default: false, required: false, message: advancedGateText(ctx.i18n, ADVANCED.length) }
  const advanced = ADVANCED.map((entry, index): Prompt => ({
    ...field(entry),
    // The bound-domain answer may have set endpoint and cname already: they win over the stored values.
    ...(BOUND_BY_DOMAIN.includes(entry[0]) ? { default: (answers: Answers) => (entry[0] in answers ? answers[entry[0]] : field(entry).default) } : {}),
    when: (answers) => {
      const asked = answers[ADVANCED_GATE] === true
      if (!asked && entry[0] in current && !(entry[0] in answers)) answers[entry[0]] = current[entry[0]]
      if (index === ADVANCED.length - 1) delete answers[ADVANCED_GATE]
      return asked
    }
  }))
  return [...withBoundDomain(ctx, current, ESSENTIALS.map(field)), gate, ...advanced]
}

// Mainland China: buckets of accounts opened since 2025-03-20 refuse the default endpoint (PublicEndpointForbidden),
// so a first-time user there must give the domain bound to the bucket before anything can upload.

/** The CLI's bound-domain question, asked after "region" when it is in the mainland; removed from the answers. */
export const BOUND_DOMAIN = '_aliyunOssPlusBoundDomain'
const BOUND_BY_DOMAIN: ReadonlyArray<keyof Settings> = ['endpoint', 'cname']

const asRegion = (value: unknown): string => {
  const region = String(value ?? '')
    .trim()
    .toLowerCase()
  return region.startsWith('oss-') ? region : `oss-${region}`
}

/** After "region": the bound domain, which becomes "endpoint" with "cname" and "customUrl" (then not asked). */
function withBoundDomain(ctx: Partial<Pick<IPicGo, 'i18n'>>, current: Answers, essentials: Prompt[]): Prompt[] {
  const boundDomain: Prompt = {
    name: BOUND_DOMAIN,
    type: 'input',
    required: false,
    default: current.cname === true || current.cname === 'true' ? (current.endpoint ?? '') : '',
    message: `boundDomain: ${mainlandText(ctx.i18n, 'boundDomain')}`,
    when: (answers) => isMainlandRegion(asRegion(answers.region ?? current.region)),
    validate: (value: unknown) => String(value ?? '').trim() === '' || validateSetting('endpoint', value)
  }
  const takeBoundDomain = (answers: Answers): boolean => {
    const domain = String(answers[BOUND_DOMAIN] ?? '')
      .trim()
      .replace(/\/+$/, '')
    delete answers[BOUND_DOMAIN]
    if (domain === '') return true
    // Run again with the same domain, a CDN kept in "customUrl" stays.
    const keptUrl = domain === current.endpoint && typeof current.customUrl === 'string' && current.customUrl !== '' ? current.customUrl : domain
    Object.assign(answers, { endpoint: domain, cname: true, customUrl: keptUrl })
    return false
  }
  return essentials.flatMap((prompt) => {
    if (prompt.name === 'region') return [prompt, boundDomain]
    return prompt.name === 'customUrl' ? [{ ...prompt, when: takeBoundDomain }] : [prompt]
  })
}

/** The GUI form: with a mainland region (or none yet), "endpoint" and "cname" come right after "region", saying why. */
function guiForm(ctx: Partial<Pick<IPicGo, 'i18n'>>, current: Answers, field: (entry: Field) => Prompt): Prompt[] {
  const region = current.region
  if (typeof region === 'string' && region.trim() !== '' && !isMainlandRegion(asRegion(region))) return [...ESSENTIALS, ...ADVANCED].map(field)
  const upFront = ADVANCED.filter(([name]) => name === 'endpoint' || name === 'cname')
  const at = ESSENTIALS.findIndex(([name]) => name === 'region') + 1
  const order = [...ESSENTIALS.slice(0, at), ...upFront, ...ESSENTIALS.slice(at), ...ADVANCED.filter((entry) => !upFront.includes(entry))]
  return order.map(field).map((prompt) => (prompt.name === 'endpoint' ? { ...prompt, message: mainlandText(ctx.i18n, 'endpoint') } : prompt))
}
