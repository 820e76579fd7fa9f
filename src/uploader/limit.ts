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
