// A listing that does not advance (issue 24): a server or proxy that answers a ListObjectsV2 page with the very
// continuation token it was asked for, so a client that follows tokens blindly lists the same page for ever.
import type { Reply } from './context'
import type { Query } from './query'

/** The reply with its NextContinuationToken replaced by the request's own token (encoded as the reply encodes). */
export function repeatContinuationToken(reply: Reply, query: Query): Reply {
  const asked = query.get('continuation-token')
  if (asked === undefined || typeof reply.body !== 'string') return reply
  const token = query.get('encoding-type') === 'url' ? encodeURIComponent(asked) : asked
  return {
    ...reply,
    body: reply.body.replace(/<NextContinuationToken>[^<]*<\/NextContinuationToken>/, `<NextContinuationToken>${token}</NextContinuationToken>`)
  }
}
