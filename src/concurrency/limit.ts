export type Gate = <T>(task: () => Promise<T>) => Promise<T>

/** A gate lets at most `concurrency` tasks run at once; the rest wait their turn in order. */
export function createGate(concurrency: number): Gate {
  let running = 0
  const waiting: Array<() => void> = []
  return async (task) => {
    if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve))
    running++
    try {
      return await task()
    } finally {
      running--
      waiting.shift()?.()
    }
  }
}

/**
 * `task` over every item, at most `concurrency` at once, results in input order. The first failure stops what has
 * not started yet; the call settles only when every started task has settled, then rejects with that first failure.
 * So nothing it started is still running when the caller reports.
 */
export async function mapBounded<T, R>(items: readonly T[], concurrency: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const gate = createGate(Math.max(1, concurrency))
  let failure: { error: unknown } | undefined
  const settled = await Promise.allSettled(items.map((item, index) => gate(async () => {
    if (failure !== undefined) return undefined
    try {
      return await task(item, index)
    } catch (error) {
      failure = failure ?? { error }
      throw error
    }
  })))
  if (failure !== undefined) throw failure.error
  return settled.map((result) => (result as PromiseFulfilledResult<R>).value)
}
