import OSS from 'ali-oss'
import type { Settings } from '../config'

export type OssClient = OSS

/** The ali-oss client for these settings. Retries are ours (see retry.ts), so ali-oss's are off. */
export function createClient(settings: Settings, overrides: Partial<OSS.Options> = {}): OssClient {
  return new OSS({
    accessKeyId: settings.accessKeyId,
    accessKeySecret: settings.accessKeySecret,
    ...(settings.stsToken ? { stsToken: settings.stsToken, refreshSTSTokenInterval: 3_600_000 } : {}),
    bucket: settings.bucket,
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint, cname: settings.cname } : {}),
    secure: true,
    authorizationV4: settings.signatureVersion === 'v4',
    timeout: settings.timeout,
    retryMax: 0,
    ...overrides
  } as OSS.Options)
}
