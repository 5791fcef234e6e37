// The cache port: a bounded cache whose entries carry tags (e.g. "the thread of event X"), so one
// write drops every page it made stale. Threat it answers: a cache that serves a page after the data
// behind it changed (a comment missing from the next read), or that grows until the process dies.
// Implementations: memory (one process) and Redis-invalidated (a local cache per replica, with
// invalidations published to every replica). The cache never decides what may be cached: callers do.

export interface TaggedSet {
  /** Tags that invalidate the entry (e.g. `thread:<eventId>`). */
  tags: readonly string[];
  /** Lifetime of the entry; it is never served after it. */
  ttlMs: number;
  /** Approximate bytes the entry holds (counts against the byte bound). */
  sizeBytes: number;
  /**
   * The mark taken before the data was read (see `mark()`): the entry is refused when one of its tags
   * was invalidated since, so a read that started before a write cannot store a stale page after it.
   */
  since: number;
}

export interface TaggedCache<V> {
  readonly kind: 'memory' | 'redis';
  /** A point in the cache's invalidation history; take it BEFORE reading the data an entry holds. */
  mark(): number;
  /** The entry, or undefined (absent, expired, or the cache cannot vouch for freshness right now). */
  get(key: string): V | undefined;
  /** Stores the entry unless it is stale (see `TaggedSet.since`) or too large; says whether it did. */
  set(key: string, value: V, options: TaggedSet): boolean;
  /** Drops every entry with this tag here at once, and on every other replica (best effort, logged). */
  invalidate(tag: string): Promise<void>;
  /** Entries held now (tests, metrics). */
  readonly size: number;
  /** Closes connections (Redis); a no-op in memory. */
  close(): Promise<void>;
}

export interface CacheBounds {
  /** Most entries held; the least recently used goes first. */
  maxEntries: number;
  /** Most bytes held (sum of `sizeBytes`); an entry larger than this is never stored. */
  maxBytes: number;
}

/** Tags are single tokens: they travel in `invalidate <tag>` messages. */
export const isValidTag = (tag: string): boolean => /^[A-Za-z0-9:._-]{1,200}$/.test(tag);
