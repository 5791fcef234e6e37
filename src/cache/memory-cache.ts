// The memory implementation of the tagged cache: lru-cache bounded by entries and by bytes, with a
// TTL per entry, an index from tag to keys, and a generation per tag so that a read which began
// before an invalidation can never store its (stale) page after it.
import { LRUCache } from 'lru-cache';
import { isValidTag, type CacheBounds, type TaggedCache, type TaggedSet } from './ports';

interface Held<V> {
  value: V;
  tags: readonly string[];
}

/** Invalidation generations remembered per tag; an older forgotten one raises the floor instead. */
const REMEMBERED_TAGS = 10_000;

export class MemoryTaggedCache<V> implements TaggedCache<V> {
  readonly kind = 'memory' as const;
  private readonly entries: LRUCache<string, Held<V>>;
  private readonly keysByTag = new Map<string, Set<string>>();
  private readonly generations: LRUCache<string, number>;
  /** Bumped by every invalidation and clear; `mark()` reads it. */
  private generation = 0;
  /** Entries whose read began before this are refused (clears, forgotten generations). */
  private floor = 0;

  /** `now` (milliseconds, monotonic) is for tests; TTLs use performance.now() by default. */
  constructor(bounds: CacheBounds, now?: () => number) {
    this.entries = new LRUCache<string, Held<V>>({
      max: bounds.maxEntries,
      maxSize: bounds.maxBytes,
      ...(now ? { perf: { now }, ttlResolution: 0 } : {}),
      dispose: (held, key) => this.unindex(key, held.tags),
    });
    this.generations = new LRUCache<string, number>({
      max: REMEMBERED_TAGS,
      dispose: (generation, _tag, reason) => {
        if (reason === 'evict') this.floor = Math.max(this.floor, generation);
      },
    });
  }

  get size(): number {
    return this.entries.size;
  }

  mark(): number {
    return this.generation;
  }

  get(key: string): V | undefined {
    return this.entries.get(key)?.value;
  }

  set(key: string, value: V, { tags, ttlMs, sizeBytes, since }: TaggedSet): boolean {
    if (ttlMs <= 0 || this.staleSince(tags, since) || !tags.every(isValidTag)) return false;
    this.entries.set(key, { value, tags }, { ttl: ttlMs, size: Math.max(1, sizeBytes) });
    if (!this.entries.has(key)) return false; // larger than the byte bound: not stored
    for (const tag of tags) this.keysFor(tag).add(key);
    return true;
  }

  /** Synchronous here; the promise is the port's (Redis publishes). */
  async invalidate(tag: string): Promise<void> {
    this.invalidateHere(tag);
  }

  invalidateHere(tag: string): void {
    this.generation += 1;
    this.generations.set(tag, this.generation);
    for (const key of [...(this.keysByTag.get(tag) ?? [])]) this.entries.delete(key);
    this.keysByTag.delete(tag);
  }

  /** Drops everything, and refuses every read that began before now. */
  clear(): void {
    this.generation += 1;
    this.floor = this.generation;
    this.entries.clear();
    this.keysByTag.clear();
  }

  async close(): Promise<void> {
    this.clear();
  }

  private staleSince(tags: readonly string[], since: number): boolean {
    return since < this.floor || tags.some((tag) => (this.generations.peek(tag) ?? 0) > since);
  }

  private keysFor(tag: string): Set<string> {
    let keys = this.keysByTag.get(tag);
    if (!keys) this.keysByTag.set(tag, (keys = new Set()));
    return keys;
  }

  private unindex(key: string, tags: readonly string[]): void {
    for (const tag of tags) {
      const keys = this.keysByTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.keysByTag.delete(tag);
    }
  }
}
