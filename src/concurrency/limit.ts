// The one concurrency primitive (p-limit's model): a limit runs at most `concurrency` tasks at once, the rest wait
// their turn in order. mapBounded() is the same limit over a list, with the rule every parallel job keeps.

export interface Limit {
  <T>(task: () => Promise<T>): Promise<T>
  /** Tasks running now. */
  readonly active: number
  /** Resolves when a task handed in now would start at once: a producer awaits it instead of queueing without end. */
  vacancy(): Promise<void>
  /** Resolves when no task is running or waiting. */
  idle(): Promise<void>
}

export function createLimit(concurrency: number): Limit {
  const slots = Math.max(1, concurrency)
  let active = 0
  const waiting: Array<() => void> = []
  let watchers: Array<() => void> = []
  const notify = (): void => {
    const ready = watchers
    watchers = []
    for (const watcher of ready) watcher()
  }
  const limit = async <T>(task: () => Promise<T>): Promise<T> => {
    // A finished task hands its slot to the first waiting one directly: no caller in between can take it.
    if (active >= slots || waiting.length > 0) await new Promise<void>((resolve) => waiting.push(resolve))
    else active++
    try {
      return await task()
    } finally {
      const next = waiting.shift()
      if (next !== undefined) next()
      else {
        active--
        notify()
      }
    }
  }
  const when = (ready: () => boolean): Promise<void> =>
    new Promise<void>((resolve) => {
      const check = (): void => {
        if (ready()) resolve()
        else watchers.push(check)
      }
      check()
    })
  return Object.defineProperties(limit, {
    active: { get: () => active },
    vacancy: { value: () => when(() => active < slots && waiting.length === 0) },
    idle: { value: () => when(() => active === 0 && waiting.length === 0) }
  }) as Limit
}

/**
 * `task` over every item, at most `concurrency` at once, results in input order. The first failure stops what has
 * not started yet; the call settles only when every started task has settled, then rejects with that first failure.
 * So nothing it started is still running when the caller reports.
 */
export async function mapBounded<T, R>(items: readonly T[], concurrency: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const limit = createLimit(concurrency)
  let failure: { error: unknown } | undefined
  const settled = await Promise.allSettled(
    items.map((item, index) =>
      limit(async () => {
        if (failure !== undefined) return undefined
        try {
          return await task(item, index)
        } catch (error) {
          failure = failure ?? { error }
          throw error
        }
      })
    )
  )
  if (failure !== undefined) throw failure.error
  return settled.map((result) => (result as PromiseFulfilledResult<R>).value)
}
