// Regions: every region in Aliyun's current list is accepted, a well-formed unknown one too (with a warning), and
// only what cannot be a region id is refused.
import { resolveSettings } from '../../src/settings/config'
import { KNOWN_REGIONS, isMainlandRegion, unknownRegionWarning } from '../../src/settings/regions'
import { settingsWarnings, uploadSettings } from '../../src/settings/advice'

const REQUIRED = { accessKeyId: 'LTAI5tExample', accessKeySecret: 'sup3r-s3cret-value', bucket: 'my-images' }

test.each(['oss-cn-zhongwei', 'oss-ap-southeast-8', 'ap-southeast-8', 'oss-na-south-1', 'oss-eu-west-2', 'eu-west-2'])(
  'the region %s added by Aliyun recently is accepted without a warning',
  (region) => {
    const settings = resolveSettings({ ...REQUIRED, region })
    expect(settings.region).toBe(region.startsWith('oss-') ? region : `oss-${region}`)
    expect(settingsWarnings(settings)).toEqual([])
  }
)

test('every known region resolves, and none of them warns', () => {
  for (const region of KNOWN_REGIONS) expect(settingsWarnings(resolveSettings({ ...REQUIRED, region }))).toEqual([])
})

test.each([
  ['oss-sa-saopaulo-1', undefined],
  ['oss-ap-southeast-9', 'oss-ap-southeast-1'],
  ['oss-cn-hangzou', 'oss-cn-hangzhou']
])('the well-formed unknown region %s is accepted with a warning that says it is used as given', (region, meant) => {
  const settings = resolveSettings({ ...REQUIRED, region })
  const warnings = settingsWarnings(settings)

  expect(settings.region).toBe(region)
  expect(warnings).toHaveLength(1)
  expect(warnings[0]).toMatch(new RegExp(`^"region" is ${region}, which is not in the list of OSS regions this version knows.*it is used as given`))
  if (meant) expect(warnings[0]).toContain(`did you mean "${meant}"?`)
  else expect(warnings[0]).not.toContain('did you mean')
})

test.each(['hangzhou', 'oss-cn-hangzhou.aliyuncs.com', 'https://oss-cn-hangzhou.aliyuncs.com', 'oss-cn hangzhou', 'oss-'])(
  'what cannot be a region id is refused: %s',
  (region) => {
    expect(() => resolveSettings({ ...REQUIRED, region })).toThrow(/Expected a region id like "oss-cn-hangzhou" for "region" but received/)
  }
)

test('the mainland is oss-cn-* without Hong Kong', () => {
  expect(['oss-cn-hangzhou', 'oss-cn-zhongwei', 'oss-cn-shanghai-finance-1'].every(isMainlandRegion)).toBe(true)
  expect(['oss-cn-hongkong', 'oss-ap-southeast-8', 'oss-eu-west-2'].some(isMainlandRegion)).toBe(false)
  expect(unknownRegionWarning('oss-cn-hangzhou')).toBeUndefined()
})

test.each(['Archive', 'ColdArchive', 'DeepColdArchive'])('the %s storage class is refused for uploads with a sentence that says why', (storageClass) => {
  expect(() => uploadSettings({ ...REQUIRED, region: 'oss-cn-hangzhou', storageClass })).toThrow(
    new RegExp(
      `Expected Standard, IA or empty \\(an Archive, ColdArchive or DeepColdArchive object cannot be read until it is restored.*\\) for "storageClass" but received "${storageClass}"`
    )
  )
  // resolveSettings alone (backup, gallery removal) still reads such settings.
  expect(resolveSettings({ ...REQUIRED, region: 'oss-cn-hangzhou', storageClass }).storageClass).toBe(storageClass)
})

test.each(['', 'Standard', 'IA'])('the storage class "%s" uploads', (storageClass) => {
  expect(uploadSettings({ ...REQUIRED, region: 'oss-cn-hangzhou', storageClass }).storageClass).toBe(storageClass)
})
