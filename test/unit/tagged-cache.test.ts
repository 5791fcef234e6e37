// The memory tagged cache: bounded by entries and bytes, entries expire, tags drop entries, and a
// read that began before an invalidation cannot store its page after it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryTaggedCache } from '../../src/cache/memory-cache';
import type { TaggedSet } from '../../src/cache/ports';

function cacheWithClock(bounds = { maxEntries: 100, maxBytes: 1_000_000 }) {
  let now = 1_000;
  const cache = new MemoryTaggedCache<string>(bounds, () => now);
  return { cache, advance: (ms: number) => (now += ms) };
}

const entry = (cache: MemoryTaggedCache<string>, options: Partial<TaggedSet> = {}): TaggedSet => ({
  tags: ['thread:a'], ttlMs: 60_000, sizeBytes: 10, since: cache.mark(), ...options,
});

describe('memory tagged cache', () => {
  it('when more entries than the maximum are stored, then the least recently used are gone', () => {
    const { cache } = cacheWithClock({ maxEntries: 3, maxBytes: 1_000_000 });
    for (const key of ['k1', 'k2', 'k3']) cache.set(key, key, entry(cache));
    assert.equal(cache.get('k1'), 'k1'); // k1 is now more recent than k2
    cache.set('k4', 'k4', entry(cache));
    cache.set('k5', 'k5', entry(cache));
    assert.deepEqual(['k1', 'k2', 'k3', 'k4', 'k5'].map((key) => cache.get(key)), ['k1', undefined, undefined, 'k4', 'k5']);
    assert.equal(cache.size, 3);
  });

  it('when the bytes held would pass the maximum, then the oldest go; an entry larger than the maximum is never stored', () => {
    const { cache } = cacheWithClock({ maxEntries: 100, maxBytes: 1000 });
    cache.set('a', 'a', entry(cache, { sizeBytes: 400 }));
    cache.set('b', 'b', entry(cache, { sizeBytes: 400 }));
    cache.set('c', 'c', entry(cache, { sizeBytes: 400 }));
    assert.deepEqual([cache.get('a'), cache.get('b'), cache.get('c')], [undefined, 'b', 'c']);
    assert.equal(cache.set('huge', 'huge', entry(cache, { sizeBytes: 1001 })), false);
    assert.equal(cache.get('huge'), undefined);
  });

  it('when an entry has lived its TTL, then it is no longer served', () => {
    const { cache, advance } = cacheWithClock();
    cache.set('k', 'v', entry(cache, { ttlMs: 5000 }));
    advance(4999);
    assert.equal(cache.get('k'), 'v');
    advance(2);
    assert.equal(cache.get('k'), undefined);
  });

  it('when a tag is invalidated, then exactly the entries carrying it are dropped', async () => {
    const { cache } = cacheWithClock();
    cache.set('page1', 'p1', entry(cache, { tags: ['thread:a'] }));
    cache.set('page2', 'p2', entry(cache, { tags: ['thread:a', 'thread:b'] }));
    cache.set('other', 'o', entry(cache, { tags: ['thread:b'] }));
    await cache.invalidate('thread:a');
    assert.deepEqual([cache.get('page1'), cache.get('page2'), cache.get('other')], [undefined, undefined, 'o']);
  });

  it('when a read began before an invalidation of its tag, then its page is refused; a read begun after is stored', async () => {
    const { cache } = cacheWithClock();
    const before = cache.mark();
    await cache.invalidate('thread:a');
    assert.equal(cache.set('k', 'stale', entry(cache, { since: before })), false);
    assert.equal(cache.get('k'), undefined);
    assert.equal(cache.set('k2', 'other thread', entry(cache, { since: before, tags: ['thread:b'] })), true);
    assert.equal(cache.set('k', 'fresh', entry(cache, { since: cache.mark() })), true);
    assert.equal(cache.get('k'), 'fresh');
  });

  it('when the cache is cleared, then every read begun before is refused', () => {
    const { cache } = cacheWithClock();
    const before = cache.mark();
    cache.set('k', 'v', entry(cache));
    cache.clear();
    assert.equal(cache.get('k'), undefined);
    assert.equal(cache.set('k', 'v', entry(cache, { since: before, tags: ['thread:z'] })), false);
  });

  it('refuses tags that could not travel in an invalidation message', () => {
    const { cache } = cacheWithClock();
    assert.equal(cache.set('k', 'v', entry(cache, { tags: ['thread:a b'] })), false);
    assert.equal(cache.set('k', 'v', entry(cache, { tags: ['thread:a\ninvalidate x'] })), false);
  });
});
