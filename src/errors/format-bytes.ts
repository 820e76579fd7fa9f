const UNITS = ['KB', 'MB', 'GB', 'TB']

/** A size as every message prints it: "850 B", "3.2 KB", "412 KB", "50.0 MB", "3.0 TB" (binary units; a decimal below 100). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024
    unit++
  }
  return `${value < 100 ? value.toFixed(1) : Math.round(value)} ${UNITS[unit]}`
}
