const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/(OSS4-HMAC-SHA256\s+Credential=)[^\s,]+/gi, '$1***'],
  [/(Signature=)[^\s,&"']+/gi, '$1***'],
  [/(x-oss-signature=)[^\s,&"']+/gi, '$1***'],
  [/(\bOSS\s+[\w.-]+:)[A-Za-z0-9+/=]+/g, '$1***'],
  [/(security-token["']?\s*[:=]\s*["']?)[^\s,&"']+/gi, '$1***'],
  [/(authorization["']?\s*[:=]\s*["']?)[^\n"']+/gi, '$1***']
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
