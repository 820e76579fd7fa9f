// Node preload (`node -r build/bench/redirect-aliyun.js node_modules/picgo/bin/picgo ...`) that points
// PicGo's built-in `aliyun` uploader at the local OSS server by rewriting only the transport.
//
// The built-in uploader is hard-wired to PUT https://<bucket>.<area>.aliyuncs.com/<key> through
// ctx.request, which builds a fresh axios instance per request with `axios.create`. Every instance
// made here gets one request interceptor: a URL on *.aliyuncs.com is sent to BENCH_OSS_ORIGIN
// (http://127.0.0.1:PORT) instead, with the same path and query and the original Host header.
// Method, headers (Date, Content-Type, the V1 Authorization) and body are left exactly as signed;
// the server verifies the V1 signature with the bucket taken from that Host header.
import { createRequire } from 'node:module'

interface AxiosRequestLike {
  url?: string
  headers?: Record<string, unknown> & { set?: (name: string, value: string) => void }
  httpsAgent?: unknown
  proxy?: unknown
}
interface AxiosInstanceLike {
  interceptors: { request: { use(onFulfilled: (config: AxiosRequestLike) => AxiosRequestLike): number } }
}
interface AxiosModuleLike {
  create(...args: unknown[]): AxiosInstanceLike
}

const ALIYUN_HOST = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.aliyuncs\.com$/i

export function redirectAliyun(origin: string): void {
  // The axios that PicGo itself requires (resolved from picgo's own folder).
  const requireFromPicGo = createRequire(require.resolve('picgo'))
  const axios = requireFromPicGo('axios') as AxiosModuleLike
  const create = axios.create.bind(axios)
  axios.create = (...args: unknown[]) => {
    const instance = create(...args)
    instance.interceptors.request.use((config) => toLocalServer(config, origin))
    return instance
  }
}

function toLocalServer(config: AxiosRequestLike, origin: string): AxiosRequestLike {
  if (!config.url) return config
  const target = new URL(config.url)
  if (!ALIYUN_HOST.test(target.hostname)) return config
  const local = new URL(origin)
  const host = target.host
  const url = `${local.origin}${target.pathname}${target.search}`
  if (config.headers?.set) config.headers.set('Host', host)
  else config.headers = { ...config.headers, Host: host }
  // Plain HTTP to loopback: PicGo's https agent (or an https-over-http proxy agent) does not apply.
  return { ...config, url, httpsAgent: undefined, proxy: false }
}

const origin = process.env.BENCH_OSS_ORIGIN
// Never let a benchmark reach the real Aliyun hosts.
if (!origin) throw new Error('[bench] redirect-aliyun: set BENCH_OSS_ORIGIN=http://127.0.0.1:PORT (the local OSS server).')
redirectAliyun(origin)
