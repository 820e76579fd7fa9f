/** Settings that parse but cannot work: refused when the settings are read, not after the first upload fails. */
import { invalidSetting, printable } from '../errors'
import { hasUserInfo, redactUrl } from '../errors/redact'
import { shortestRenderingBytes } from '../naming/key-template'
import { MAX_KEY_BYTES } from '../naming/object-key'

/** OSS keys are at most 1023 bytes: a path and name whose shortest rendering is longer can never upload. */
export function checkKeyLength(path: string, fileName: string): void {
  const pathBytes = shortestRenderingBytes(path)
  const nameBytes = shortestRenderingBytes(fileName)
  if (pathBytes + nameBytes <= MAX_KEY_BYTES) return
  const [setting, value] = pathBytes >= nameBytes ? ['path', path] : ['fileName', fileName]
  throw invalidSetting(setting, `"path" and "fileName" that make keys of at most ${MAX_KEY_BYTES} bytes (these make at least ${pathBytes + nameBytes})`, value)
}

/**
 * A user name or password in a URL would be sent to the server or printed in every link: refused, without echoing
 * it, also when the scheme was forgotten ("admin:pw@img.example.com").
 */
export function checkNoCredentialsInUrl(setting: 'endpoint' | 'customUrl', value: string): string {
  if (!hasUserInfo(value)) return value
  throw invalidSetting(setting, 'a URL without "user:password@" (OSS authenticates with the AccessKey)', shownUrlSetting(value))
}

/** A URL setting's value as a refusal may print it: no user, password or query value, one line. */
export function shownUrlSetting(value: string): string {
  return printable(redactUrl(value))
}

/** ali-oss puts the bucket and key on the endpoint's host and drops any path or query, so only an origin works. */
export function checkEndpointIsOrigin(value: string): string {
  const url = parse(value)
  if (url && (url.protocol === 'http:' || url.protocol === 'https:') && (url.pathname.replace(/\/+$/, '') !== '' || url.search !== '' || url.hash !== '')) {
    throw invalidSetting('endpoint', `an origin without a path or query, like "${url.origin}" (ali-oss would drop the rest)`, shownUrlSetting(value))
  }
  return value
}

function parse(value: string): URL | undefined {
  try {
    return new URL(value)
  } catch {
    return undefined
  }
}

/** Control characters and line separators: in a header they fail every request, in a URL they split Typora's last line. */
const LINE_BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/

/** A value that ends up in a header, a URL or a printed line: one line of printable characters. */
export function checkSingleLine(setting: string, value: string, { credential = false, url = false } = {}): string {
  if (LINE_BREAKING.test(value)) {
    // A credential's value is never printed, not even to say where its line break is.
    throw invalidSetting(setting, 'one line without control characters (no line break or tab)', url ? shownUrlSetting(value) : printable(value), credential)
  }
  return value
}
