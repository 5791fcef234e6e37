// The limits contract against Redis (TEST_REDIS_URL, else 127.0.0.1:6379, which CI provides), then
// what only a shared store can show: replicas share one count, keys expire, and an outage is a clean
// LimitStoreUnavailable that heals by itself. Every test has its own key prefix; its keys are deleted.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { openLimitStores } from '../../src/limits/open-limit-stores';
import { LimitStoreUnavailable, type LimitStores } from '../../src/limits/ports';
import { captureLogger } from '../helpers/log-capture';
import { deleteKeys, inspector, TEST_REDIS_URL, testRedisTarget, uniquePrefix } from '../helpers/redis';
import { TcpProxy } from '../helpers/tcp-proxy';
import { describeLimitsContract } from './limits-contract';

async function openRedis(prefix = uniquePrefix(), redisUrl = TEST_REDIS_URL) {
  const { logger, lines } = captureLogger();
  const stores = await openLimitStores({ redisUrl, keyPrefix: prefix, memoryMaxKeys: 1000 }, logger);
  assert.deepEqual([stores.counters.kind, stores.budgets.kind], ['redis', 'redis']);
  const messages = (text: string) => lines.filter((line) => (JSON.parse(line) as { message: string }).message === text);
  return { stores, lines, messages, cleanup: async () => { await stores.close(); await deleteKeys(prefix); } };
}

/** Polls until `check` holds (the client reconnects with a backoff of at most 2 s). */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (await check()) return;
    await sleep(50);
  }
  assert.fail(`never happened: ${what}`);
}

const succeeds = (stores: LimitStores) => () => stores.counters.consume(`probe:${Math.random()}`, 1, { limit: 5, windowMs: 60_000 }).then(() => true, () => false);

describeLimitsContract('redis', () => openRedis());

describe('redis limits shared by replicas', () => {
  it('when two store instances (two connections) count one key, then they share one count', async () => {
    const prefix = uniquePrefix();
    const [a, b] = [await openRedis(prefix), await openRedis(prefix)];
    try {
      const both = [a.stores, b.stores];
      const counted = await Promise.all(Array.from({ length: 40 }, (_, i) => both[i % 2].counters.consume('shared', 1, { limit: 5, windowMs: 60_000 })));
      assert.equal(counted.filter((r) => r.allowed).length, 5);
      const spent = await Promise.all(Array.from({ length: 40 }, (_, i) => both[i % 2].budgets.spend('shared-bucket', 10, { capacity: 100, restoreRate: 0 })));
      assert.equal(spent.filter((r) => r.allowed).length, 10);
    } finally {
      await a.cleanup();
      await b.cleanup();
    }
  });

  it('when a count or a bucket is written, then its key is prefix + purpose and it expires by itself', async () => {
    const prefix = uniquePrefix();
    const { stores, cleanup } = await openRedis(prefix);
    const redis = inspector();
    try {
      await stores.counters.consume('login:acct-addr:ada|203.0.113.7', 1, { limit: 5, windowMs: 60_000 });
      await stores.budgets.spend('budget:ada', 30, { capacity: 100, restoreRate: 10 });
      const counterTtl = await redis.pttl(`${prefix}login:acct-addr:ada|203.0.113.7`);
      const bucketTtl = await redis.pttl(`${prefix}budget:ada`);
      assert.ok(counterTtl > 0 && counterTtl <= 60_000, `counter expires with its window (${counterTtl} ms)`);
      assert.ok(bucketTtl > 3000 && bucketTtl <= 3000 + 1000, `bucket expires once refilled: 30 points at 10/s + margin (${bucketTtl} ms)`);
      await stores.budgets.peek('budget:never-spent', { capacity: 100, restoreRate: 10 });
      assert.equal(await redis.exists(`${prefix}budget:never-spent`), 0, 'peek writes nothing');
    } finally {
      await redis.quit();
      await cleanup();
    }
  });
});

describe('redis outage and recovery', () => {
  it('when Redis goes away, then calls fail with LimitStoreUnavailable, once logged; when it is back, they succeed again', async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    const proxy = await new TcpProxy(testRedisTarget()).start();
    const { stores, messages, cleanup } = await openRedis(uniquePrefix(), `redis://127.0.0.1:${proxy.port}`);
    try {
      assert.equal(await succeeds(stores)(), true);
      await proxy.cut();
      for (let i = 0; i < 5; i += 1) {
        await assert.rejects(stores.counters.consume('k', 1, { limit: 5, windowMs: 60_000 }), LimitStoreUnavailable);
        await assert.rejects(stores.budgets.spend('b', 1, { capacity: 10, restoreRate: 1 }), LimitStoreUnavailable);
        await assert.rejects(stores.counters.reward('k', 1, { limit: 5, windowMs: 60_000 }), LimitStoreUnavailable);
        await sleep(150); // the client keeps trying to reconnect meanwhile
      }
      assert.equal(messages('redis unavailable').length, 1, 'one line for the outage, not one per retry');

      await proxy.restore();
      await eventually(succeeds(stores), 'calls succeed once Redis is back');
      assert.equal((await stores.budgets.spend('b', 1, { capacity: 10, restoreRate: 1 })).allowed, true);
      assert.equal(messages('redis ready').length, 2, 'ready at start, ready again after the outage');
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', record);
      await cleanup();
      await proxy.cut();
    }
  });

  it('when Redis is down at start-up, then opening does not block, calls fail with LimitStoreUnavailable, and the password is never logged', async () => {
    const proxy = await new TcpProxy(testRedisTarget()).start();
    await proxy.cut(); // a port where nothing listens
    const { stores, lines, messages, cleanup } = await openRedis(uniquePrefix(), `redis://:s3cret-pass@127.0.0.1:${proxy.port}/0`);
    try {
      await assert.rejects(stores.counters.consume('k', 1, { limit: 5, windowMs: 60_000 }), LimitStoreUnavailable);
      await assert.rejects(stores.budgets.peek('b', { capacity: 10, restoreRate: 1 }), LimitStoreUnavailable);
      assert.equal(messages('redis unavailable').length, 1);
      assert.match(messages('redis unavailable')[0], new RegExp(`127\\.0\\.0\\.1:${proxy.port}`));
      assert.ok(!lines.join('\n').includes('s3cret-pass'), 'the password is not in the logs');
    } finally {
      await cleanup();
    }
  });
});
