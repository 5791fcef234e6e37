// A single-use claim: the first claim of an id wins and every later one loses, also when they race;
// ids are independent; a claim given back can be claimed again; a store outage refuses the claim (fail
// closed) instead of letting it through.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryCounterStore } from '../../src/limits/memory-counters';
import { LimitStoreUnavailable, type CounterStore } from '../../src/limits/ports';
import { SingleUse } from '../../src/limits/single-use';

const claimed = (giveBack: unknown) => typeof giveBack === 'function';

describe('single-use claims', () => {
  it('when an id is claimed twice, then only the first claim wins; another id is its own', async () => {
    const used = new SingleUse(new MemoryCounterStore(), 'test:used:', 300);
    assert.ok(claimed(await used.claim('a')));
    assert.equal(await used.claim('a'), undefined);
    assert.ok(claimed(await used.claim('b')));
  });

  it('when 20 claims of one id race, then exactly one wins', async () => {
    const used = new SingleUse(new MemoryCounterStore(), 'test:used:', 300);
    const wins = (await Promise.all(Array.from({ length: 20 }, () => used.claim('same')))).filter(claimed);
    assert.equal(wins.length, 1);
  });

  it('when a claim is given back, then the id can be claimed once more (and only once)', async () => {
    const used = new SingleUse(new MemoryCounterStore(), 'test:used:', 300);
    const giveBack = await used.claim('a');
    assert.ok(giveBack);
    await giveBack();
    await giveBack(); // a second give-back of the same claim counts nothing
    assert.ok(claimed(await used.claim('a')));
    assert.equal(await used.claim('a'), undefined);
  });

  it('when a refused claim raced a holder that then gives its claim back, then the id is free again (the refusal left nothing counted)', async () => {
    const used = new SingleUse(new MemoryCounterStore(), 'test:used:', 300);
    const holder = await used.claim('a'); // A holds it
    assert.ok(holder);
    assert.equal(await used.claim('a'), undefined); // B, in parallel, is refused
    await holder(); // A's code was wrong
    assert.ok(claimed(await used.claim('a'))); // the retry may use the challenge
    assert.equal(await used.claim('a'), undefined); // and only once
  });

  it('when the store is unreachable, then the claim is refused with SERVICE_UNAVAILABLE', async () => {
    const down: CounterStore = { kind: 'redis', consume: () => Promise.reject(new LimitStoreUnavailable(new Error('ECONNREFUSED'))), reward: async () => {} };
    await assert.rejects(new SingleUse(down, 'test:used:', 300).claim('a'), (error: { code?: string }) => error.code === 'SERVICE_UNAVAILABLE');
  });

  it('when the store goes down between a claim and its give-back, then the give-back throws nothing and the id stays used (the strict side)', async () => {
    const memory = new MemoryCounterStore();
    let up = true;
    const flaky: CounterStore = {
      kind: 'redis',
      consume: (...args) => (up ? memory.consume(...args) : Promise.reject(new LimitStoreUnavailable(new Error('ECONNREFUSED')))),
      reward: (...args) => (up ? memory.reward(...args) : Promise.reject(new LimitStoreUnavailable(new Error('ECONNREFUSED')))),
    };
    const used = new SingleUse(flaky, 'test:used:', 300);
    const giveBack = await used.claim('a');
    assert.ok(giveBack);
    up = false;
    await giveBack();
    up = true;
    assert.equal(await used.claim('a'), undefined);
  });
});
