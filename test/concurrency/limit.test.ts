import { createLimit, mapBounded } from '../../src/concurrency/limit'

/** A task whose end the test decides. */
function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void } {
  let resolve = (): void => undefined
  let reject = (_error: Error): void => undefined
  const promise = new Promise<void>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

test('results come in input order, never more than `concurrency` at once', async () => {
  let running = 0
  let most = 0
  const results = await mapBounded([5, 1, 4, 2, 3], 2, async (n) => {
    running++
    most = Math.max(most, running)
    for (let i = 0; i < n; i++) await tick()
    running--
    return n * 10
  })
  expect(results).toEqual([50, 10, 40, 20, 30])
  expect(most).toBe(2)
})

test('after the first failure nothing new starts, and the call settles only when the tasks in flight have', async () => {
  const tasks = [deferred(), deferred(), deferred(), deferred()]
  const started: number[] = []
  let settled = false
  const run = mapBounded(tasks, 2, async (task, index) => {
    started.push(index)
    await task.promise
  }).finally(() => {
    settled = true
  })
  const outcome = run.catch((error: Error) => error)
  await tick()
  tasks[1]?.reject(new Error('part 2 refused'))
  await tick()
  await tick()
  expect(settled).toBe(false) // task 0 is still in flight
  tasks[0]?.reject(new Error('a later failure'))
  expect(((await outcome) as Error).message).toBe('part 2 refused')
  expect(started).toEqual([0, 1])
})

test('a limit hands a freed slot to the first waiting task; vacancy() and idle() tell a producer when to go on', async () => {
  const limit = createLimit(1)
  const first = deferred()
  const order: string[] = []
  const running = [
    limit(async () => {
      await first.promise
      order.push('first')
    }),
    limit(async () => {
      order.push('second')
    })
  ]
  let vacant = false
  void limit.vacancy().then(() => {
    vacant = true
  })
  let idle = false
  void limit.idle().then(() => {
    idle = true
  })
  await tick()
  expect(limit.active).toBe(1)
  expect([vacant, idle]).toEqual([false, false])
  first.resolve()
  const late = limit(async () => {
    order.push('late')
  }) // called while the slot passes to the second: it waits
  await Promise.all([...running, late])
  await tick()
  expect(order).toEqual(['first', 'second', 'late'])
  expect([vacant, idle, limit.active]).toEqual([true, true, 0])
})
