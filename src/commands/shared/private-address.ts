import { isIP } from 'net'

/**
 * Whether an address or host name is this machine's or the local network's: loopback (127/8, ::1, "localhost" and
 * "*.localhost"), private (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7), link-local (169.254/16, fe80::/10,
 * where cloud metadata services answer) or unspecified (0.0.0.0, ::). A redirect from another host may not lead there.
 */
export function isPrivateAddress(host: string): boolean {
  const name = host
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.$/, '')
  if (name === 'localhost' || name.endsWith('.localhost')) return true
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(name)?.[1]
  if (mapped !== undefined) return isPrivateAddress(mapped)
  if (isIP(name) === 4) return privateV4(name.split('.').map(Number))
  if (isIP(name) === 6) return name === '::1' || name === '::' || /^f[cd]/.test(name) || /^fe[89ab]/.test(name)
  return false
}

function privateV4([a = 0, b = 0]: number[]): boolean {
  return (
    a === 127 ||
    a === 10 ||
    a === 0 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254) ||
    (a === 100 && b >= 64 && b <= 127)
  )
}
