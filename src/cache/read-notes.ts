// What one request's execution tells the response cache (src/http/response-cache.ts): the tags of
// the data its resolvers read, and — recorded by the cache-scope plugin — its operation type and
// overall cache policy. Threat: storing a response without knowing everything it depends on; so a
// resolver that reads cacheable data says so here, and anything unannotated stays uncacheable.
export interface CachePolicyNote {
  maxAge: number;
  scope: 'PUBLIC' | 'PRIVATE';
}

export const threadTag = (eventId: string): string => `thread:${eventId}`;

export class ReadNotes {
  readonly tags = new Set<string>();
  /** Set when the response is sent; undefined when nothing was executed. */
  operation?: 'query' | 'mutation' | 'subscription';
  operationName?: string | null;
  /** The overall policy when cacheable (maxAge > 0); null when not. */
  policy?: CachePolicyNote | null;

  /** A resolver read `eventId`'s comment thread: a post to it invalidates the page (its max-age is the schema's, see src/graphql/cache-policy). */
  threadRead(eventId: string): void {
    this.tags.add(threadTag(eventId));
  }
}
