import type OSS from 'ali-oss'
import type { Settings } from '../config'
import { proxyAgents } from '../proxy/agents'
import type { ProxySetting } from '../proxy/setting'

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
    // ali-oss's name for path-style requests (/<bucket>/<key>)
    sldEnable: settings.pathStyle,
    secure: true,
    authorizationV4: settings.signatureVersion === 'v4',
    timeout: settings.timeout,
    retryMax: 0,
    // PicGo's proxy setting: ali-oss passes these agents to urllib for http and https endpoints.
    ...(settings.proxy ? agentsOptions(settings.proxy, settings.timeout) : {}),
    ...overrides
  } as OSS.Options)
}

function agentsOptions(proxy: ProxySetting, timeoutMs: number): Partial<OSS.Options> {
  const agents = proxyAgents(proxy, timeoutMs)
  return { agent: agents.http, httpsAgent: agents.https } as Partial<OSS.Options>
}

/**
 * ali-oss is loaded on first use, not when PicGo loads the plugin: every `picgo` command and every
 * start of the GUI would otherwise pay for it (`picgo -v`: 310 ms with the plugin loading ali-oss,
 * 278 ms without, 270 ms with no plugin), whichever uploader is in use. Node caches the module.
 */
function loadAliOss(): typeof OSS {
  return require('ali-oss') as typeof OSS
}
