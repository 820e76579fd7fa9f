const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/(OSS4-HMAC-SHA256\s+Credential=)[^\s,]+/gi, '$1***'],
  [/(Signature=)[^\s,&"']+/gi, '$1***'],
  [/(x-oss-signature=)[^\s,&"']+/gi, '$1***'],
  [/(\bOSS\s+[\w.-]+:)[A-Za-z0-9+/=]+/g, '$1***'],
  [/(security-token["']?\s*[:=]\s*["']?)[^\s,&"']+/gi, '$1***'],
  [/(authorization["']?\s*[:=]\s*["']?)[^\n"']+/gi, '$1***'],
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi, '$1***@'] // a URL's user and password, wherever a message holds one
]

/** Removes the given secrets and anything that looks like a signature or token from a text. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('***')
  }
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement)
  return out
}

/** The settings' values that must never be printed: the AccessKey secret, the STS token, the proxy's password. */
export function secretsOf(settings: { accessKeySecret: string; stsToken: string; proxy?: { secrets: string[] } }): string[] {
  return [settings.accessKeySecret, settings.stsToken, ...(settings.proxy?.secrets ?? [])].filter(Boolean)
}

/**
 * A URL as it may be printed, with or without a scheme ("admin:pw@host" is a URL to a user who forgot it): the user
 * and password shown as "***@", every query and fragment value as "***", as they may hold another host's token.
 * "https://u:p@cdn.example/a.png?token=abc&w=1" → "https://***@cdn.example/a.png?token=***&w=***".
 */
export function redactUrl(url: string): string {
  const withoutUserInfo = url.replace(USER_INFO, (_, scheme: string | undefined) => `${scheme ?? ''}***@`)
  const tailAt = withoutUserInfo.search(/[?#]/)
  if (tailAt < 0) return withoutUserInfo
  const tail = withoutUserInfo
    .slice(tailAt)
    .replace(/([?&#;])([^=&#;]*)(=[^&#;]*)?/g, (_, separator: string, name: string, value?: string) =>
      value === undefined ? `${separator}${name === '' ? '' : '***'}` : `${separator}${name}=***`
    )
  return withoutUserInfo.slice(0, tailAt) + tail
}

/** True when the URL holds a user (and maybe a password) before its host, with or without a scheme. */
export function hasUserInfo(url: string): boolean {
  return USER_INFO.test(url)
}

/** "scheme://" (optional), then a user and maybe a password before the first "@" of the authority. */
const USER_INFO = /^([a-z][a-z0-9+.-]*:\/\/)?[^/?#@\s]*@/i
