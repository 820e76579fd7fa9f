// CPU time the whole machine spent busy, from /proc/stat: subtracting a run's own CPU time, the OSS
// server's and the benchmark's shows how much else competed with it (another benchmark, a test
// suite), so a noisy run can be seen. Steal time (the hypervisor's) is kept apart.
import { readFileSync } from 'node:fs'

export interface MachineCpu {
  /** CPU time all processes of this machine used since boot (user, nice, system, irq, softirq), ms. */
  busyMs: number
  /** Time the hypervisor gave this machine's CPUs to others since boot, ms (a noisy host). */
  stealMs: number
}

/** From the first line of /proc/stat; undefined where there is none. */
export function machineCpu(): MachineCpu | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? ''
    // cpu  user nice system idle iowait irq softirq steal ...
    const [, user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).map(Number)
    const ms = (ticks: number): number => (ticks * 1000) / CLOCK_TICKS_PER_SECOND
    return { busyMs: ms(user + nice + system + irq + softirq), stealMs: ms(steal) }
  } catch {
    return undefined
  }
}

/** User + system CPU time of one process since it started, ms; undefined if unknown. */
export function processCpuMs(pid: number): number | undefined {
  try {
    // pid (comm) state ppid ... : utime and stime are fields 14 and 15; comm may hold spaces.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND
  } catch {
    return undefined
  }
}

/** USER_HZ: 100 on every Linux architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100

export interface QuietOptions {
  /** Others may use at most this many cores on average (default 0.25). */
  maxOtherCores?: number
  /** Length of one sample (default 1000 ms). */
  sampleMs?: number
  /** Give up waiting after this long and go ahead (default 120 s). */
  maxWaitMs?: number
}

/**
 * Waits until the machine is quiet: the benchmark and the OSS server are idle between runs, so the
 * busy time of a sample is other processes'. Returns how long it waited and whether it got quiet.
 */
export async function waitForQuietMachine(options: QuietOptions = {}): Promise<{ waitedMs: number; quiet: boolean }> {
  const { maxOtherCores = 0.25, sampleMs = 1000, maxWaitMs = quietWaitFromEnv() ?? 120_000 } = options
  const started = Date.now()
  for (;;) {
    const before = machineCpu()
    await new Promise((resolve) => setTimeout(resolve, sampleMs))
    const after = machineCpu()
    const waitedMs = Date.now() - started
    if (before === undefined || after === undefined) return { waitedMs, quiet: true }
    if (after.busyMs - before.busyMs <= maxOtherCores * sampleMs) return { waitedMs, quiet: true }
    if (waitedMs >= maxWaitMs) return { waitedMs, quiet: false }
  }
}

/** BENCH_QUIET_WAIT_S=5: wait at most that long for a quiet machine (on a machine shared with others that never gets quiet). */
function quietWaitFromEnv(): number | undefined {
  const seconds = Number(process.env.BENCH_QUIET_WAIT_S)
  return process.env.BENCH_QUIET_WAIT_S && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined
}

/** CPU time spent between start and stop: the machine's, one other process's, and this process's. */
export interface CpuSpent {
  machine?: MachineCpu
  serverCpuMs?: number
  benchCpuMs: number
}

/** Starts counting; `stop()` returns what the machine, process `pid` and this process spent since. */
export function startCpuMeter(pid: number): { stop: () => CpuSpent } {
  const machineBefore = machineCpu()
  const pidBefore = processCpuMs(pid)
  const selfBefore = process.cpuUsage()
  return {
    stop: () => {
      const machineAfter = machineCpu()
      const pidAfter = processCpuMs(pid)
      const self = process.cpuUsage(selfBefore)
      return {
        machine:
          machineBefore && machineAfter
            ? { busyMs: machineAfter.busyMs - machineBefore.busyMs, stealMs: machineAfter.stealMs - machineBefore.stealMs }
            : undefined,
        serverCpuMs: pidBefore === undefined || pidAfter === undefined ? undefined : pidAfter - pidBefore,
        benchCpuMs: (self.user + self.system) / 1000
      }
    }
  }
}
