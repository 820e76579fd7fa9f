import { readFileSync } from 'node:fs'

/**
 * This process's peak RSS: VmHWM of /proc/self/status in bytes, where there is one (Linux).
 * Not getrusage's ru_maxrss: on Linux a child starts with its parent's high-water mark.
 */
export function highWaterMarkBytes(): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))
    return match ? Number(match[1]) * 1024 : undefined
  } catch {
    return undefined
  }
}
