/**
 * OSS regions known when this was written. New regions keep working: a region is refused only
 * when it is one or two letters away from a known one, which is a typo, not a new region.
 */
export const KNOWN_REGIONS: readonly string[] = [
  'oss-cn-hangzhou', 'oss-cn-shanghai', 'oss-cn-nanjing', 'oss-cn-fuzhou', 'oss-cn-wuhan-lr',
  'oss-cn-qingdao', 'oss-cn-beijing', 'oss-cn-zhangjiakou', 'oss-cn-huhehaote', 'oss-cn-wulanchabu',
  'oss-cn-shenzhen', 'oss-cn-heyuan', 'oss-cn-guangzhou', 'oss-cn-chengdu', 'oss-cn-hongkong',
  'oss-us-west-1', 'oss-us-east-1', 'oss-ap-northeast-1', 'oss-ap-northeast-2', 'oss-ap-southeast-1',
  'oss-ap-southeast-3', 'oss-ap-southeast-5', 'oss-ap-southeast-6', 'oss-ap-southeast-7',
  'oss-eu-central-1', 'oss-eu-west-1', 'oss-me-east-1', 'oss-me-central-1', 'oss-rg-china-mainland'
]

/** The known region a typo was probably meant to be, or undefined. */
export function likelyMeantRegion(region: string): string | undefined {
  if (KNOWN_REGIONS.includes(region)) return undefined
  return KNOWN_REGIONS.find((known) => editDistance(known, region) <= 2)
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
