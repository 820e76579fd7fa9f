// The test environment of every suite: Node's, plus one rule. Output from work a test started, written after that
// test has finished, means the test (or the code it drove) left work running. Jest alone reports it as "Cannot log
// after tests are done" without naming the test, and fails the run only sometimes; here that test fails by name.
// Work is traced to its test through AsyncLocalStorage: timers, sockets and promises a test starts carry its test.
import { AsyncLocalStorage } from 'async_hooks'
import type { Circus } from '@jest/types'
import NodeEnvironment from 'jest-environment-node'
import { format } from 'util'

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const

export default class LateLogEnvironment extends NodeEnvironment {
  private readonly owner = new AsyncLocalStorage<Circus.TestEntry>()
  private readonly finished = new Set<Circus.TestEntry>()
  private readonly late = new Map<Circus.TestEntry, string[]>()

  async handleTestEvent(event: Circus.Event): Promise<void> {
    switch (event.name) {
      case 'run_start':
        return this.watchConsole()
      case 'test_fn_start':
        return this.traceWork(event.test)
      case 'test_done':
        this.finished.add(event.test)
        return
      case 'run_finish':
        // Callbacks already queued get their turn; the results are made from the tests' errors right after this.
        await new Promise((resolve) => setImmediate(resolve))
        return this.failLateTests()
      default:
    }
  }

  /** Runs the test's function inside its own async context (keeping its arity: a `done` parameter counts). */
  private traceWork(test: Circus.TestEntry): void {
    const fn = test.fn
    const owner = this.owner
    test.fn =
      fn.length === 0
        ? (function (this: Circus.TestContext) {
            return owner.run(test, () => (fn as () => unknown).call(this))
          } as Circus.TestFn)
        : (function (this: Circus.TestContext, done: Circus.DoneFn) {
            return owner.run(test, () => (fn as (done: Circus.DoneFn) => unknown).call(this, done))
          } as Circus.TestFn)
  }

  private watchConsole(): void {
    const console = this.global.console
    for (const method of CONSOLE_METHODS) {
      const original = console[method].bind(console)
      console[method] = (...args: unknown[]): void => {
        const test = this.owner.getStore()
        if (test !== undefined && this.finished.has(test)) this.late.set(test, [...(this.late.get(test) ?? []), format(...args).slice(0, 300)])
        original(...args)
      }
    }
  }

  private failLateTests(): void {
    for (const [test, lines] of this.late) {
      test.errors.push(new Error(`output came after this test had finished, from work it left running:\n${lines.join('\n')}`))
    }
  }
}
