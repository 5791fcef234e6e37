// The limits contract: every LimitStores implementation (memory, Redis) runs this same suite. Each
// test opens its own stores over a fresh key space, and every key is unique besides.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import type { BucketRule, LimitStores, WindowRule } from '../../src/limits/ports';

/** Opens stores over a key space no other test uses; `cleanup` closes them and removes what they wrote. */
export type OpenLimitStores = () => Promise<{ stores: LimitStores; cleanup: () => Promise<void> }>;

const key = (what: string) => `${what}:${randomUUID()}`;
const count = <T>(items: T[], test: (item: T) => boolean) => items.filter(test).length;
/** A bucket that never refills, so exact balances can be asserted. */
const FROZEN: BucketRule = { capacity: 100, restoreRate: 0 };

export function describeLimitsContract(name: string, open: OpenLimitStores): void {
  const withStores = (fn: (stores: LimitStores) => Promise<void>) => async () => {
    const { stores, cleanup } = await open();
    try {
      await fn(stores);
    } finally {
      await cleanup();
    }
  };

  describe(`limits contract: ${name} counters`, () => {
    const FIVE_PER_MINUTE: WindowRule = { limit: 5, windowMs: 60_000 };

    it('when 40 parallel requests consume 1 against a limit of 5, then exactly 5 are allowed', withStores(async ({ counters }) => {
      const k = key('parallel');
      const results = await Promise.all(Array.from({ length: 40 }, () => counters.consume(k, 1, FIVE_PER_MINUTE)));
      assert.equal(count(results, (r) => r.allowed), 5);
      for (const refused of results.filter((r) => !r.allowed)) {
        assert.equal(refused.remaining, 0);
        assert.ok(refused.retryAfterMs > 0 && refused.retryAfterMs <= 60_000, `retryAfterMs ${refused.retryAfterMs}`);
      }
    }));

    it('when a consume takes 3 points, then 3 are counted', withStores(async ({ counters }) => {
      const k = key('points');
      const rule: WindowRule = { limit: 10, windowMs: 60_000 };
      assert.deepEqual(await counters.consume(k, 3, rule), { allowed: true, remaining: 7, retryAfterMs: 0 });
      assert.equal((await counters.consume(k, 3, rule)).remaining, 4);
      assert.equal((await counters.consume(k, 5, rule)).allowed, false, '6 + 5 points pass a limit of 10');
    }));

    it('when the window has passed, then the key is allowed again', withStores(async ({ counters }) => {
      const k = key('window');
      const rule: WindowRule = { limit: 1, windowMs: 1000 };
      assert.equal((await counters.consume(k, 1, rule)).allowed, true);
      const refused = await counters.consume(k, 1, rule);
      assert.equal(refused.allowed, false);
      await sleep(refused.retryAfterMs + 100);
      assert.equal((await counters.consume(k, 1, rule)).allowed, true);
    }));

    it('when points are rewarded, then they are given back, but never below zero', withStores(async ({ counters }) => {
      const k = key('reward');
      await counters.consume(k, 2, FIVE_PER_MINUTE);
      await counters.reward(k, 1, FIVE_PER_MINUTE);
      assert.equal((await counters.consume(k, 1, FIVE_PER_MINUTE)).remaining, 3, '2 - 1 + 1 counted');
      await counters.reward(k, 10, FIVE_PER_MINUTE);
      assert.equal((await counters.consume(k, 1, FIVE_PER_MINUTE)).remaining, 4, 'a big reward only empties the count');
      const fresh = key('reward-unknown');
      await counters.reward(fresh, 3, FIVE_PER_MINUTE);
      assert.equal((await counters.consume(fresh, 1, FIVE_PER_MINUTE)).remaining, 4, 'a reward on an unknown key is no credit');
    }));
  });

  describe(`limits contract: ${name} budgets`, () => {
    it('when 40 parallel requests spend 10 from a bucket of 100, then exactly 10 are allowed and it is empty', withStores(async ({ budgets }) => {
      const k = key('bucket-parallel');
      const results = await Promise.all(Array.from({ length: 40 }, () => budgets.spend(k, 10, FROZEN)));
      assert.equal(count(results, (r) => r.allowed), 10);
      assert.equal((await budgets.peek(k, FROZEN)).remaining, 0);
    }));

    it('when a spend is refused, then it takes nothing', withStores(async ({ budgets }) => {
      const k = key('bucket-refused');
      assert.equal((await budgets.spend(k, 80, FROZEN)).remaining, 20);
      const refused = await budgets.spend(k, 30, FROZEN);
      assert.deepEqual([refused.allowed, refused.remaining], [false, 20]);
      assert.deepEqual([(await budgets.spend(k, 20, FROZEN)).allowed, (await budgets.peek(k, FROZEN)).remaining], [true, 0]);
    }));

    it('when time passes, then the bucket regains points, never above capacity', withStores(async ({ budgets }) => {
      const k = key('bucket-restore');
      const rule: BucketRule = { capacity: 100, restoreRate: 1000 };
      const emptied = await budgets.spend(k, 100, rule);
      assert.equal(emptied.allowed, true);
      await sleep(30);
      const later = await budgets.peek(k, rule);
      assert.ok(later.remaining > emptied.remaining && later.remaining <= 100, `${emptied.remaining} → ${later.remaining}`);
    }));

    it('when points are refunded, then the bucket is capped at its capacity', withStores(async ({ budgets }) => {
      const k = key('bucket-refund');
      await budgets.spend(k, 40, FROZEN);
      assert.equal((await budgets.refund(k, 15, FROZEN)).remaining, 75);
      assert.equal((await budgets.refund(k, 1000, FROZEN)).remaining, 100);
      assert.equal((await budgets.peek(k, FROZEN)).remaining, 100);
    }));

    it('when a bucket is peeked at, then nothing changes', withStores(async ({ budgets }) => {
      const k = key('bucket-peek');
      assert.equal((await budgets.peek(k, FROZEN)).remaining, 100, 'a new bucket is full');
      await budgets.spend(k, 30, FROZEN);
      for (let i = 0; i < 3; i += 1) assert.equal((await budgets.peek(k, FROZEN)).remaining, 70);
      assert.equal((await budgets.spend(k, 70, FROZEN)).allowed, true);
    }));

    it('when a spend is refused, then retryAfterMs says how long until the bucket holds the cost', withStores(async ({ budgets }) => {
      const k = key('bucket-retry');
      const rule: BucketRule = { capacity: 10, restoreRate: 1 };
      await budgets.spend(k, 10, rule);
      const refused = await budgets.spend(k, 5, rule);
      assert.equal(refused.allowed, false);
      assert.ok(refused.retryAfterMs > 0 && refused.retryAfterMs <= 5000, `retryAfterMs ${refused.retryAfterMs}`);
      assert.ok(refused.resetAt > Date.now() - 1000, 'resetAt is when it will be full again');
      assert.deepEqual([refused.capacity, refused.restoreRate], [10, 1]);
    }));
  });
}
