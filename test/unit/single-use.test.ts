// A single-use claim: the first claim of an id wins and every later one loses, also when they race;
// ids are independent; a claim given back can be claimed again; a store outage refuses the claim (fail
// closed) instead of letting it through.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import winston from 'winston';
import { MemoryCounterStore } from '../../src/limits/memory-counters';
import { LimitStoreUnavailable, type CounterStore } from '../../src/limits/ports';
import { SingleUse } from '../../src/limits/single-use';

const silent = winston.createLogger({ silent: true });

describe('single-use claims', () => {
  it('when an id is claimed twice, then only the first claim wins; another id is its own', async () => {
    const used = new SingleUse(new MemoryCounterStore(), 'test:used:', 300, silent);
    assert.equal(await used.claim('a'), true);
    assert.equal(await used.claim('a'), false);
    assert.equal(await used.claim('b'), true);
  });

  it('when 20 claims of one id race, then exactly one wins', async () => {
    const used = new SingleUse(new MemoryCounterStore(), 'test:used:', 300, silent);
    const wins = (await Promise.all(Array.from({ length: 20 }, () => used.claim('same')))).filter(Boolean);
    assert.equal(wins.length, 1);
  });

  it('when a claim is given back, then the id can be claimed once more (and only once)', async () => {
    const used = new SingleUse(new MemoryCounterStore(), 'test:used:', 300, silent);
    assert.equal(await used.claim('a'), true);
    await used.release('a');
    assert.equal(await used.claim('a'), true);
    assert.equal(await used.claim('a'), false);
    await used.release('never-claimed'); // nothing to give back: no error, and it stays claimable once
    assert.equal(await used.claim('never-claimed'), true);
    assert.equal(await used.claim('never-claimed'), false);
  });

  it('when a refused claim raced a holder that then gives its claim back, then the id is free again (the refusal left nothing counted)', async () => {
    const used = new SingleUse(new MemoryCounterStore(), 'test:used:', 300, silent);
    assert.equal(await used.claim('a'), true); // A holds it
    assert.equal(await used.claim('a'), false); // B, in parallel, is refused
    await used.release('a'); // A's code was wrong
    assert.equal(await used.claim('a'), true); // the retry may use the challenge
  });

  it('when the store is unreachable, then the claim is refused with SERVICE_UNAVAILABLE', async () => {
    const down: CounterStore = { kind: 'redis', consume: () => Promise.reject(new LimitStoreUnavailable(new Error('ECONNREFUSED'))), reward: async () => {} };
    await assert.rejects(new SingleUse(down, 'test:used:', 300, silent).claim('a'), (error: { code?: string }) => error.code === 'SERVICE_UNAVAILABLE');
    const rewardFails: CounterStore = { ...down, reward: () => Promise.reject(new LimitStoreUnavailable(new Error('ECONNREFUSED'))) };
    await new SingleUse(rewardFails, 'test:used:', 300, silent).release('a'); // the id stays used; nothing thrown
  });
});
