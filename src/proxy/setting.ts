/**
 * PicGo's own proxy setting (the app's proxy field, the CLI's `--proxy`), stored at `picBed.proxy`: PicGo's built-in
 * uploaders send through it, and users behind a firewall set it so that everything does. Only http:// proxies, as
 * PicGo's own: plain-http requests go to it in absolute form, https ones through a CONNECT tunnel (agents.ts).
 */
import { invalidSetting } from '../errors'
import { redactUrl } from '../errors/redact'

export const PROXY_KEY = 'picBed.proxy'

export interface ProxySetting {
  /** Host name or IP address, without the brackets of an IPv6 literal. */
  host: string
  port: number
  /** `Basic …` when the URL has user:password@. */
  authorization?: string
  /** The URL as it may be printed: "http://127.0.0.1:7890", a user and password shown as "***@". */
  shown: string
  /** What must never be printed: the password, as given and decoded. */
  secrets: string[]
}

const EXPECTED = 'an http:// proxy URL such as "http://127.0.0.1:7890"'
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i

/** The proxy PicGo is set to use, or undefined when none is set. A value that cannot be a proxy is refused. */
export function parseProxy(value: unknown): ProxySetting | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw invalidSetting(PROXY_KEY, EXPECTED, value)
  const text = value.trim()
  if (text === '') return undefined
  // "127.0.0.1:7890" is how many proxy tools print their address.
  const url = parseUrl(SCHEME.test(text) ? text : `http://${text}`)
  const usable =
    url !== undefined &&
    url.protocol === 'http:' &&
    url.hostname !== '' &&
    (url.pathname === '/' || url.pathname === '') &&
    url.search === '' &&
    url.hash === ''
  if (!usable) throw invalidSetting(PROXY_KEY, EXPECTED, redactUrl(text))
  const user = decodeURIComponent(url.username)
  const password = decodeURIComponent(url.password)
  const hasUserInfo = url.username !== '' || url.password !== ''
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? 80 : Number(url.port),
    authorization: hasUserInfo ? `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` : undefined,
    shown: `http://${hasUserInfo ? '***@' : ''}${url.host}`,
    secrets: [password, url.password].filter((part) => part !== '')
  }
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text)
  } catch {
    return undefined
  }
}
