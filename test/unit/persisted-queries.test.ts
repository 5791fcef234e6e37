// The persisted-query cache is bounded: in bytes (least recently used entries go first) and in time.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boundedDocumentCache, persistedQueriesOption } from '../../src/graphql/persisted-queries';

// ---- helpers -------------------------------------------------------------------------------

/** A clock the test moves by hand (milliseconds, like performance.now()). */
function manualClock() {
  let now = 1_000;
  return { now: () => now, advanceSeconds: (seconds: number) => (now += seconds * 1000) };
}

const key = (n: number) => `apq:${String(n).padStart(64, '0')}`; // Apollo's prefix + a sha256's length

// ---- tests ----------------------------------------------------------------------------------

describe('the persisted-query cache', () => {
  it('when registrations pass the byte bound, the least recently used are evicted and the total stays under it', async () => {
    const cache = boundedDocumentCache(10_000);
    const text = 'x'.repeat(900); // 900 + 68 bytes an entry: 10 fit
    for (let n = 0; n < 50; n += 1) await cache.set(key(n), text);
    const kept = cache.keys();
    assert.equal(kept.length, 10);
    assert.deepEqual(kept.sort(), Array.from({ length: 10 }, (_, i) => key(40 + i)).sort());
    assert.equal(await cache.get(key(0)), undefined);
  });

  it('counts bytes, not characters: multi-byte text fills it sooner', async () => {
    const cache = boundedDocumentCache(10_000);
    const text = 'é'.repeat(900); // 1,800 bytes + 68: 5 fit
    for (let n = 0; n < 20; n += 1) await cache.set(key(n), text);
    assert.equal(cache.keys().length, 5);
  });

  it('a document larger than the whole bound is not stored at all', async () => {
    const cache = boundedDocumentCache(10_000);
    await cache.set(key(1), 'y'.repeat(20_000));
    assert.equal(await cache.get(key(1)), undefined);
  });

  it('an entry lives for the TTL Apollo passes (seconds), then is gone', async () => {
    const clock = manualClock();
    const cache = boundedDocumentCache(10_000, clock);
    await cache.set(key(1), '{ me { id } }', { ttl: 3600 });
    clock.advanceSeconds(3599);
    assert.equal(await cache.get(key(1)), '{ me { id } }');
    clock.advanceSeconds(2);
    assert.equal(await cache.get(key(1)), undefined);
  });
});

describe("Apollo's persistedQueries option", () => {
  it('is false when APQ is off (APQ_ENABLED=false, or trusted-documents mode)', () => {
    assert.equal(persistedQueriesOption({ enabled: false, maxBytes: 5_242_880, ttlSeconds: 3600 }), false);
  });

  it('is our bounded cache with the configured TTL when on', () => {
    const option = persistedQueriesOption({ enabled: true, maxBytes: 5_242_880, ttlSeconds: 120 });
    assert.ok(option && option.cache, 'a cache is given, never Apollo\'s shared default');
    assert.equal(option.ttl, 120);
  });
});
