import type OSS from 'ali-oss'
import { isIP } from 'net'
import type { Settings } from '../config'
import { proxyAgents } from '../proxy/agents'
import type { ProxySetting } from '../proxy/setting'

export type OssClient = OSS

// A plugin installed without its dependencies fails as PicGo loads it, not at the first upload:
// resolving the path costs nothing, while loading ali-oss waits for the first client (below).
require.resolve('ali-oss')

/** The ali-oss client for these settings. Retries are ours (see retry.ts), so ali-oss's are off. */
export function createClient(settings: Settings, overrides: Partial<OSS.Options> = {}): OssClient {
  const client = new (loadAliOss())({
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
  return settings.pathStyle ? withServerHost(client) : client
}

/**
 * To an IP endpoint ali-oss sends `Host: <bucket>.<region>.aliyuncs.com` even with sldEnable, so a server that reads
 * the bucket from the Host when it names one takes it twice (the path has it too) and the signature fails. ali-oss
 * decides this by whether the endpoint's hostname is an IP; the URL it requests is built from `host`. So the hostname
 * becomes a name that is not an IP, and the request goes to the same address with the server's own Host.
 */
function withServerHost(client: OssClient): OssClient {
  const endpoint = (client as unknown as { options: { endpoint?: { hostname?: string | null } } }).options.endpoint
  const hostname = endpoint?.hostname?.replace(/^\[|\]$/g, '') ?? ''
  if (endpoint && isIP(hostname) !== 0) endpoint.hostname = 'path-style.invalid'
  return client
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
