import { availableParallelism, cpus } from 'os'

/** Cores this process may use. os.availableParallelism arrived in Node 18.14; PicGo app 2.3/2.4 runs Node 16.9. */
export function cpuCount(): number {
  const count = typeof availableParallelism === 'function' ? availableParallelism() : cpus().length
  return Math.max(1, count)
}
