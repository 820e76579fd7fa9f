import type OSS from 'ali-oss'
import type { Agent as HttpAgent } from 'http'
import type { Agent as HttpsAgent } from 'https'
import { isIP } from 'net'
import type { Readable } from 'stream'
import type { Settings } from '../settings/config'
import { proxyAgents } from '../proxy/agents'
import type { ProxySetting } from '../proxy/setting'

/** An answer's status and headers as urllib gives them (ali-oss types the headers `object`). */
export interface OssResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
}

interface Answer {
  res: OssResponse
}

/**
 * The ali-oss requests the plugin makes, typed as ali-oss answers them: its own types leave the headers `object`, a
 * stream and a body `any`, and lack the headers an UploadPart may send. Only src/oss/ calls these.
 */
export interface OssClient {
  head(name: string): Promise<Answer>
  get(name: string): Promise<Answer & { content: Buffer }>
  /** urllib's response stream. */
  getStream(name: string): Promise<Answer & { stream: Readable }>
  put(name: string, body: Buffer, options: { mime: string; headers: Record<string, string> }): Promise<Answer>
  delete(name: string): Promise<Answer>
  deleteMulti(names: string[], options: { quiet: boolean }): Promise<Answer>
  listV2(query: OSS.ListV2ObjectsQuery, options: OSS.RequestOptions): Promise<Answer & Omit<OSS.ListV2ObjectResult, 'res'>>
  initMultipartUpload(name: string, options: { mime: string; headers: Record<string, string> }): Promise<Answer & { uploadId: string }>
  uploadPart(
    name: string,
    uploadId: string,
    partNo: number,
    body: Buffer,
    start: number,
    end: number,
    options: { headers: Record<string, string> }
  ): Promise<Answer & { etag: string }>
  completeMultipartUpload(
    name: string,
    uploadId: string,
    parts: Array<{ number: number; etag: string }>,
    options: { headers: Record<string, string> }
  ): Promise<Answer>
  abortMultipartUpload(name: string, uploadId: string): Promise<unknown>
  listParts(name: string, uploadId: string, query: OSS.ListPartsQuery): Promise<unknown>
  signatureUrl(name: string, options: OSS.SignatureUrlOptions): string
  signatureUrlV4(method: OSS.HTTPMethods, expires: number, request: { queries: Record<string, string> }, objectName: string): Promise<string>
}

/** ali-oss's options, with those its types leave out. */
export interface ClientOptions extends OSS.Options {
  /** ali-oss's name for path-style requests (/<bucket>/<key>). */
  sldEnable?: boolean
  retryMax?: number
  agent?: HttpAgent
  httpsAgent?: HttpsAgent
}

// A plugin installed without its dependencies fails as PicGo loads it, not at the first upload:
// resolving the path costs nothing, while loading ali-oss waits for the first client (below).
require.resolve('ali-oss')

/** The ali-oss client for these settings. Retries are ours (see retry.ts), so ali-oss's are off. */
export function createClient(settings: Settings, overrides: Partial<ClientOptions> = {}): OssClient {
  const options: ClientOptions = {
    accessKeyId: settings.accessKeyId,
    accessKeySecret: settings.accessKeySecret,
    ...(settings.stsToken ? { stsToken: settings.stsToken, refreshSTSTokenInterval: 3_600_000 } : {}),
    bucket: settings.bucket,
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint, cname: settings.cname } : {}),
    sldEnable: settings.pathStyle,
    secure: true,
    authorizationV4: settings.signatureVersion === 'v4',
    timeout: settings.timeout,
    retryMax: 0,
    // PicGo's proxy setting: ali-oss passes these agents to urllib for http and https endpoints.
    ...(settings.proxy ? agentsOptions(settings.proxy, settings.timeout) : {}),
    ...overrides
  }
  const client = new (loadAliOss())(options)
  if (settings.pathStyle) withServerHost(client)
  // What ali-oss returns, by its own source: urllib's headers and stream, a Buffer body (see OssClient).
  return client as unknown as OssClient
}

/**
 * To an IP endpoint ali-oss sends `Host: <bucket>.<region>.aliyuncs.com` even with sldEnable, so a server that reads
 * the bucket from the Host when it names one takes it twice (the path has it too) and the signature fails. ali-oss
 * decides this by whether the endpoint's hostname is an IP; the URL it requests is built from `host`. So the hostname
 * becomes a name that is not an IP, and the request goes to the same address with the server's own Host.
 */
function withServerHost(client: OSS): void {
  // ali-oss keeps its parsed options on the client; its types do not declare them.
  const endpoint = (client as unknown as { options: { endpoint?: { hostname?: string | null } } }).options.endpoint
  const hostname = endpoint?.hostname?.replace(/^\[|\]$/g, '') ?? ''
  if (endpoint && isIP(hostname) !== 0) endpoint.hostname = 'path-style.invalid'
}

function agentsOptions(proxy: ProxySetting, timeoutMs: number): Pick<ClientOptions, 'agent' | 'httpsAgent'> {
  const agents = proxyAgents(proxy, timeoutMs)
  return { agent: agents.http, httpsAgent: agents.https }
}

/**
 * ali-oss is loaded on first use, not when PicGo loads the plugin: every `picgo` command and every
 * start of the GUI would otherwise pay for it (`picgo -v`: 310 ms with the plugin loading ali-oss,
 * 278 ms without, 270 ms with no plugin), whichever uploader is in use. Node caches the module.
 */
function loadAliOss(): typeof OSS {
  return require('ali-oss') as typeof OSS
}
