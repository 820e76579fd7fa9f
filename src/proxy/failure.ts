/** The error names a proxy failure carries (connect.ts), so the OSS error translation can tell them from OSS's own. */
export const PROXY_UNREACHABLE = 'ProxyUnreachable'
export const PROXY_REFUSED = 'ProxyRefused'

const PROXY_CODES = new Set([PROXY_REFUSED, PROXY_UNREACHABLE])

/** A failure of PicGo's proxy, whose message (naming the proxy) is the sentence to show: a network code in it is the proxy's, not OSS's. */
export const isProxyFailure = (error: unknown): boolean => error instanceof Error && PROXY_CODES.has(error.name)
