// The 'hold' fault: requests kept unanswered until the test releases them or their client gives up.
import type { IncomingMessage } from 'http'

export type HoldOutcome = 'released' | 'client gave up'

export class Holds {
  private readonly waiting = new Set<() => void>()

  /** Resolves when releaseAll() is called or the client closes the connection, whichever comes first. */
  wait(req: IncomingMessage): Promise<HoldOutcome> {
    return new Promise((resolve) => {
      const release = (): void => finish('released')
      const gaveUp = (): void => finish('client gave up')
      const finish = (outcome: HoldOutcome): void => {
        this.waiting.delete(release)
        req.socket.off('close', gaveUp)
        resolve(outcome)
      }
      this.waiting.add(release)
      req.socket.once('close', gaveUp)
    })
  }

  releaseAll(): number {
    const released = [...this.waiting]
    for (const release of released) release()
    return released.length
  }
}
