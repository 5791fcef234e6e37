// What one request's execution tells the response cache (src/http/response-cache.ts): the tags of
// the data its resolvers read, and — recorded by the cache-scope plugin — its operation type and
// overall cache policy. Threat: storing a response without knowing everything it depends on; so a
// resolver that reads cacheable data says so here, and anything unannotated stays uncacheable.
import type { GraphQLResolveInfo } from 'graphql';

export interface CacheMaxAges {
  /** COMMENTS_MAX_AGE_SECONDS: how long a comment thread page may be reused; 0 = never. */
  comments: number;
}

export interface CachePolicyNote {
  maxAge: number;
  scope: 'PUBLIC' | 'PRIVATE';
}

/** Apollo's cacheControl plugin adds this to `info` (see @apollo/cache-control-types). */
type InfoWithCacheControl = GraphQLResolveInfo & {
  cacheControl?: { setCacheHint(hint: { maxAge?: number; scope?: 'PUBLIC' | 'PRIVATE' }): void };
};

export const threadTag = (eventId: string): string => `thread:${eventId}`;

export class ReadNotes {
  readonly tags = new Set<string>();
  /** Set when the response is sent; undefined when nothing was executed. */
  operation?: 'query' | 'mutation' | 'subscription';
  operationName?: string | null;
  /** The overall policy when cacheable (maxAge > 0); null when not. */
  policy?: CachePolicyNote | null;

  constructor(private readonly maxAges: CacheMaxAges) {}

  /** A resolver read `eventId`'s comment thread: public for its max-age, invalidated by a post to it. */
  threadRead(info: GraphQLResolveInfo, eventId: string): void {
    (info as InfoWithCacheControl).cacheControl?.setCacheHint({ maxAge: this.maxAges.comments });
    this.tags.add(threadTag(eventId));
  }
}
