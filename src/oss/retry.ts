import { PluginError } from '../errors/index'
import { type OperationContext, toPluginError } from './oss-error'

export interface RetryPolicy {
  retries: number
  /** First backoff; each retry doubles it, with ±50 % jitter, up to maxDelayMs. */
  baseDelayMs: number
  maxDelayMs: number
  onRetry?: (error: PluginError, attempt: number, delayMs: number) => void
}

export const DEFAULT_BACKOFF = Object.freeze({ baseDelayMs: 250, maxDelayMs: 4000 })

/** Runs `attempt` until it succeeds, fails with a non-retryable PluginError, or retries run out. */
export async function withRetries<T>(policy: RetryPolicy, attempt: () => Promise<T>): Promise<T> {
  for (let tries = 0; ; tries++) {
    try {
      return await attempt()
    } catch (error) {
      if (!(error instanceof PluginError) || !error.retryable || tries >= policy.retries) throw error
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** tries)
      const delayMs = Math.round(backoff * (0.5 + Math.random()))
      policy.onRetry?.(error, tries + 1, delayMs)
      await new Promise((resolve) => setTimeout(resolve, delayMs))
    }
  }
}

/**
 * The one wrapper for an OSS request: anything it throws becomes a PluginError naming the operation, key and file
 * (secrets removed), and network errors and 5xx are retried with backoff.
 */
export function withOssRetries<T>(policy: RetryPolicy, context: OperationContext, attempt: () => Promise<T>): Promise<T> {
  return withRetries(policy, async () => {
    try {
      return await attempt()
    } catch (error) {
      throw toPluginError(error, context)
    }
  })
}
