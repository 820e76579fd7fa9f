import type { IPicGo, IPluginConfig } from 'picgo'
import { ACLS, AUTO_QUALITY_FLOORS, DEFAULTS, OUTPUT_FORMATS, type Settings, SIGNATURE_VERSIONS, STORAGE_CLASSES, SVG_POLICIES, validateSetting } from './config'
import { settingText } from './i18n'

type FieldType = 'input' | 'password' | 'confirm' | 'list'

/** Form order: credentials, bucket and region, endpoint, naming, compression, advanced. */
type Field = [name: keyof Settings, type: FieldType, choices?: readonly string[]]

const FIELDS: readonly Field[] = [
  ['accessKeyId', 'input'],
  ['accessKeySecret', 'password'],
  ['stsToken', 'password'],
  ['bucket', 'input'],
  ['region', 'input'],
  ['endpoint', 'input'],
  ['cname', 'confirm'],
  ['customUrl', 'input'],
  ['path', 'input'],
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

/** The settings form for the PicGo GUI and `picgo set uploader aliyun-oss-plus`, filled with current values. */
export function configSchema(ctx: Pick<IPicGo, 'getConfig'> & Partial<Pick<IPicGo, 'i18n'>>, configKey: string): IPluginConfig[] {
  const current = ctx.getConfig<Record<string, unknown> | undefined>(configKey) ?? {}
  return FIELDS.map(([name, type, choices]) => {
    const fallback = name in DEFAULTS ? DEFAULTS[name as keyof typeof DEFAULTS] : ''
    const field: IPluginConfig = {
      name,
      type,
      required: REQUIRED.has(name),
      default: current[name] ?? fallback,
      alias: settingText(ctx.i18n, name, 'alias'),
      message: settingText(ctx.i18n, name, 'message'),
      validate: (value: unknown) => validateSetting(name, value)
    }
    if (choices) field.choices = choices.map((choice) => ({ name: choice || '(bucket default)', value: choice }))
    return field
  })
}
