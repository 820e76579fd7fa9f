import type OSS from 'ali-oss'
import type { Settings } from '../config'

export type OssClient = OSS

// A plugin installed without its dependencies fails as PicGo loads it, not at the first upload:
// resolving the path costs nothing, while loading ali-oss waits for the first client (below).
require.resolve('ali-oss')

/** The ali-oss client for these settings. Retries are ours (see retry.ts), so ali-oss's are off. */
export function createClient(settings: Settings, overrides: Partial<OSS.Options> = {}): OssClient {
  return new (loadAliOss())({
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

/**
 * ali-oss is loaded on first use, not when PicGo loads the plugin: it takes 130-200 ms to load,
 * which every `picgo` command and every start of the GUI would otherwise pay, whichever uploader
 * is in use. Node caches the module, so only the first client pays.
 */
function loadAliOss(): typeof OSS {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('ali-oss') as typeof OSS
}
