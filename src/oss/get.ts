// Reading objects: the bytes of a small one, or a stream to verify as it arrives (backup's downloads).
import type { Readable } from 'stream'
import type { OssClient } from './client'
import { headersOf } from './evidence'
import { type OperationContext, toPluginError } from './oss-error'
import { type RetryPolicy, withOssRetries } from './retry'

export interface ReadContext {
  client: OssClient
  retry: RetryPolicy
  secrets: readonly string[]
}

/** The object's bytes. */
export function getObject(ctx: ReadContext, key: string): Promise<Buffer> {
  return withOssRetries(ctx.retry, { operation: 'GET', key, secrets: ctx.secrets }, async () => (await ctx.client.get(key)).content)
}

export interface ObjectStream {
  stream: Readable
  /** One string per lower-case name. */
  headers: Record<string, string | undefined>
}

/**
 * The object's bytes as they arrive, with the answer's headers. Not retried here: a stream can break after its
 * first bytes, so the caller retries the whole download, this request with it.
 */
export async function getObjectStream(client: OssClient, context: OperationContext): Promise<ObjectStream> {
  try {
    const answer = await client.getStream(context.key)
    return { stream: answer.stream, headers: headersOf(answer.res) }
  } catch (error) {
    throw toPluginError(error, context)
  }
}
