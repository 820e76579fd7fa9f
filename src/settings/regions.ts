/**
 * OSS regions in Aliyun's list ("Regions and endpoints", help.aliyun.com/oss/user-guide/regions-and-endpoints)
 * when this was written, with the `oss-` prefix. New regions keep coming, so a well-formed region that is not here
 * is accepted with a warning; only what cannot be a region id is refused (config.ts).
 */
export const KNOWN_REGIONS: readonly string[] = [
  // Chinese mainland (Nanjing and Fuzhou are local regions being closed down)
  'oss-cn-hangzhou',
  'oss-cn-shanghai',
  'oss-cn-nanjing',
  'oss-cn-fuzhou',
  'oss-cn-wuhan-lr',
  'oss-cn-qingdao',
  'oss-cn-beijing',
  'oss-cn-zhangjiakou',
  'oss-cn-huhehaote',
  'oss-cn-wulanchabu',
  'oss-cn-shenzhen',
  'oss-cn-heyuan',
  'oss-cn-guangzhou',
  'oss-cn-chengdu',
  'oss-cn-zhongwei',
  'oss-cn-shanghai-finance-1',
  'oss-cn-shenzhen-finance-1',
  'oss-cn-beijing-finance-1',
  'oss-cn-north-2-gov-1',
  // Outside the mainland
  'oss-cn-hongkong',
  'oss-ap-northeast-1',
  'oss-ap-northeast-2',
  'oss-ap-southeast-1',
  'oss-ap-southeast-3',
  'oss-ap-southeast-5',
  'oss-ap-southeast-6',
  'oss-ap-southeast-7',
  'oss-ap-southeast-8',
  'oss-us-west-1',
  'oss-us-east-1',
  'oss-na-south-1',
  'oss-eu-central-1',
  'oss-eu-west-1',
  'oss-eu-west-2',
  'oss-me-east-1',
  'oss-me-central-1',
  // Not a place: the mainland-wide region of accelerated, region-less buckets
  'oss-rg-china-mainland'
]

/** What a region id looks like: oss-<area>-<place>[-<n>…], lower-case letters and digits. */
export const REGION_ID = /^oss-[a-z]{2,}(-[a-z0-9]+)+$/

/**
 * Mainland regions, where buckets of accounts opened since 2025-03-20 refuse the default public endpoint
 * (PublicEndpointForbidden): Hong Kong is not one of them.
 */
export const isMainlandRegion = (region: string): boolean => region.startsWith('oss-cn-') && region !== 'oss-cn-hongkong'

/** A sentence for a well-formed region this version does not know, with the known one it may be a typo of; else undefined. */
export function unknownRegionWarning(region: string): string | undefined {
  if (KNOWN_REGIONS.includes(region)) return undefined
  const meant = KNOWN_REGIONS.find((known) => editDistance(known, region) <= 2)
  return (
    `"region" is ${region}, which is not in the list of OSS regions this version knows` +
    `${meant ? ` (did you mean "${meant}"?)` : ''}: it is used as given, so if it is a new region nothing needs to change`
  )
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution)
    }
    previous = current
  }
  return previous[b.length] ?? 0
}
