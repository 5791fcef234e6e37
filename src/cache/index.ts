// Opens the response cache the configuration asks for: memory (one process), or memory per replica
// with invalidations shared through Redis pub/sub when REDIS_URL is set.
import type { Logger } from '../logging/logger';
import { MemoryTaggedCache } from './memory-cache';
import type { CacheBounds, TaggedCache } from './ports';
import { RedisInvalidatedCache } from './redis-cache';

export type { TaggedCache, CacheBounds } from './ports';
export { ReadNotes, threadTag, type CachePolicyNote } from './read-notes';

export interface CacheSettings extends CacheBounds {
  redis?: { url: string; keyPrefix: string };
}

export function openTaggedCache<V>(settings: CacheSettings, logger: Logger): TaggedCache<V> {
  const bounds = { maxEntries: settings.maxEntries, maxBytes: settings.maxBytes };
  if (!settings.redis) return new MemoryTaggedCache<V>(bounds);
  return new RedisInvalidatedCache<V>({ ...bounds, ...settings.redis, logger });
}
