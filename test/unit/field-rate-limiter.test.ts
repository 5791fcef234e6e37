// The per-field limiter as a rule: whose calls it counts, how an array argument counts, that
// parallel calls never pass the limit, that a store outage fails mutations closed and reads open,
// and how RATE_LIMITS overrides are read.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import winston from 'winston';
import { parseRateLimitOverrides } from '../../src/config/parse-limits';
import { ConfigProblem } from '../../src/config/parse';
import { anonymous, callerKey, type Principal } from '../../src/context/principal';
import { FieldRateLimiter, type FieldRateRule } from '../../src/guards/rate-limit';
import { keyOf } from '../../src/guards/rate-limit/field-limiter';
import { MemoryCounterStore } from '../../src/limits/memory-counters';
import { LimitStoreUnavailable, type CounterStore } from '../../src/limits/ports';

const silent = winston.createLogger({ silent: true });
const rule = (over: Partial<FieldRateRule> = {}): FieldRateRule => ({ name: 'f.perCaller', max: 5, windowMs: 60_000, per: 'CALLER', identityArgs: [], ...over });
const user: Principal = { kind: 'user', userId: 'u1', username: 'ann', roles: ['USER'] };
const key: Principal = { kind: 'apiKey', keyId: 'k1', userId: 'u1', username: 'ann', roles: ['USER'], scopes: ['READ'] };
const call = (principal: Principal = user, operation: 'query' | 'mutation' = 'mutation') => ({ principal, clientAddress: '192.0.2.1', requestId: 'r', operation });
const outcome = (promise: Promise<void>) => promise.then(() => 'ok', (error: { extensions?: { code?: string } }) => String(error.extensions?.code));

describe('per-field rate limiter', () => {
  it('CALLER counts the API key, else the user, else the address; ADDRESS counts the address whoever calls', () => {
    assert.equal(keyOf({ per: 'CALLER' }, call(key)), 'key:k1');
    assert.equal(keyOf({ per: 'CALLER' }, call(user)), 'user:u1');
    assert.equal(keyOf({ per: 'CALLER' }, call(anonymous)), 'addr:192.0.2.1');
    assert.equal(keyOf({ per: 'ADDRESS' }, call(key)), 'addr:192.0.2.1');
  });

  it('an IPv6 address counts as its /64, for ADDRESS rules and anonymous callers alike (so for the cost budget too)', () => {
    const from = (clientAddress: string) => ({ principal: anonymous, clientAddress });
    assert.equal(keyOf({ per: 'ADDRESS' }, from('2001:db8:9:9::1')), 'addr:2001:db8:9:9::/64');
    assert.equal(keyOf({ per: 'CALLER' }, from('2001:db8:9:9:ffff::2')), 'addr:2001:db8:9:9::/64');
    assert.equal(callerKey(anonymous, '2001:db8:9:9:1:2:3:4'), 'addr:2001:db8:9:9::/64');
  });

  it('40 parallel calls with a limit of 5 let exactly 5 through', async () => {
    const limiter = new FieldRateLimiter(new MemoryCounterStore(), silent);
    const results = await Promise.all(Array.from({ length: 40 }, () => outcome(limiter.check('f', [rule()], {}, call()))));
    assert.equal(results.filter((r) => r === 'ok').length, 5);
    assert.equal(results.filter((r) => r === 'RATE_LIMITED').length, 35);
  });

  it('every element of the arrayLengthField argument counts as one call', async () => {
    const limiter = new FieldRateLimiter(new MemoryCounterStore(), silent);
    const byIds = rule({ arrayLengthField: 'input.ids' });
    assert.equal(await outcome(limiter.check('f', [byIds], { input: { ids: [1, 2, 3, 4] } }, call())), 'ok');
    assert.equal(await outcome(limiter.check('f', [byIds], { input: { ids: [5, 6] } }, call())), 'RATE_LIMITED', '4 + 2 > 5');
  });

  it('identityArgs split the count per value, case-folded', async () => {
    const limiter = new FieldRateLimiter(new MemoryCounterStore(), silent);
    const perName = rule({ max: 1, identityArgs: ['input.username'] });
    assert.equal(await outcome(limiter.check('login', [perName], { input: { username: 'Ann' } }, call())), 'ok');
    assert.equal(await outcome(limiter.check('login', [perName], { input: { username: 'ANN' } }, call())), 'RATE_LIMITED');
    assert.equal(await outcome(limiter.check('login', [perName], { input: { username: 'bob' } }, call())), 'ok');
  });

  it('identity values are trimmed each (as the service trims a username), and one too long to be a username counts by its hash', async () => {
    const counters = new MemoryCounterStore();
    const keys: string[] = [];
    const spy: CounterStore = { kind: 'memory', consume: (key, ...rest) => (keys.push(key), counters.consume(key, ...rest)), reward: (...args) => counters.reward(...args) };
    const limiter = new FieldRateLimiter(spy, silent);
    const perName = rule({ max: 1, identityArgs: ['input.username'] });
    assert.equal(await outcome(limiter.check('login', [perName], { input: { username: 'ann' } }, call())), 'ok');
    assert.equal(await outcome(limiter.check('login', [perName], { input: { username: ' \tAnn ' } }, call())), 'RATE_LIMITED');
    await outcome(limiter.check('login', [perName], { input: { username: 'x'.repeat(100_000) } }, call()));
    assert.match(keys.at(-1)!, /^rl:f\.perCaller:user:u1:login:sha256:[0-9a-f]{64}$/);
  });

  it('when the store is down, a mutation fails closed (SERVICE_UNAVAILABLE) and a query fails open', async () => {
    const down: CounterStore = { kind: 'redis', consume: () => Promise.reject(new LimitStoreUnavailable(new Error('ECONNREFUSED'))), reward: async () => {} };
    const limiter = new FieldRateLimiter(down, silent);
    assert.equal(await outcome(limiter.check('f', [rule()], {}, call(user, 'mutation'))), 'SERVICE_UNAVAILABLE');
    assert.equal(await outcome(limiter.check('f', [rule()], {}, call(user, 'query'))), 'ok');
  });
});

describe('RATE_LIMITS', () => {
  it('reads name=max/window pairs in ms notation', () => {
    assert.deepEqual(parseRateLimitOverrides('login.perAddress=30/60s, register.perAddress=5/1h'), {
      'login.perAddress': { max: 30, windowMs: 60_000 },
      'register.perAddress': { max: 5, windowMs: 3_600_000 },
    });
    assert.deepEqual(parseRateLimitOverrides(''), {});
  });

  it('refuses anything else with the expected form in the message', () => {
    for (const bad of ['login=5', 'login=0/60s', 'login=5/500ms', 'login=5/soon', '=5/60s']) {
      assert.throws(() => parseRateLimitOverrides(bad), (error: unknown) => error instanceof ConfigProblem && /name=max\/window/.test(error.message), bad);
    }
  });
});
