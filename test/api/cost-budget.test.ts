// Cost budgets over real HTTP: each operation spends its requested cost from the caller's bucket
// (per client address when anonymous, per user, per API key), the unused part comes back (actual),
// `extensions.cost` reports requested/actual/budget, `rateLimit` shows the caller's own bucket, and a
// spent budget refuses the whole request with 429 RATE_LIMITED + Retry-After before anything runs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TEST_REDIS_URL, uniquePrefix } from '../helpers/redis';
import type { GraphQLResult } from '../helpers/client';
import { startCountingApp, type CountingApp } from '../helpers/counting-app';

interface Cost { requested: number; actual?: number; budget?: { remaining: number; capacity: number; restoreRate: number } }
const costOf = (result: GraphQLResult<unknown>) => result.extensions?.cost as Cost;
const RATE_LIMIT = '{ rateLimit { cost remaining capacity restoreRate resetAt } }';

function costBudgetSuite(name: string, env: () => Record<string, string>): void {
  describe(`cost budgets over HTTP (${name}; anonymous 100 points, 1 per second)`, () => {
    let app: CountingApp;
    before(async () => {
      app = await startCountingApp({ COST_BUDGET_ANONYMOUS: '100/1', COST_BUDGET_USER: '50/1', ...env() });
    });
    after(() => app.stop());

    it('a query reports requested, actual and the budget after the refund, and rateLimit agrees', async () => {
      const events = await app.t.client.post({ query: '{ events(first: 30) { edges { node { id } } } }' });
      const cost = costOf(events);
      assert.equal(cost.requested, 30);
      const returned = (events.data as { events: { edges: unknown[] } }).events.edges.length;
      assert.ok(returned < 30, 'the test store holds fewer events than asked for');
      assert.equal(cost.actual, Math.max(1, returned), 'actual counts the items returned (at least 1 point per operation)');
      assert.equal(cost.budget?.capacity, 100);
      assert.equal(cost.budget?.restoreRate, 1);
      assert.ok(cost.budget!.remaining <= 100 - cost.actual! + 1 && cost.budget!.remaining >= 100 - cost.actual! - 1, JSON.stringify(cost));

      const status = await app.t.client.post<{ rateLimit: { cost: number; remaining: number; capacity: number; resetAt: string } }>({ query: RATE_LIMIT });
      assert.equal(status.data?.rateLimit.cost, 0, 'asking is free');
      assert.equal(status.data?.rateLimit.capacity, 100);
      assert.ok(status.data!.rateLimit.remaining < 100, 'the budget went down');
      assert.ok(Date.parse(status.data!.rateLimit.resetAt) > Date.now() - 1000);
    });

    it('a spent budget refuses the whole request: 429, Retry-After in seconds, RATE_LIMITED with retryAfter, nothing ran', async () => {
      const headers = { 'x-forwarded-for': '203.0.113.9' }; // ignored (TRUST_PROXY=0): still 127.0.0.1's bucket
      // Without `edges` the items returned are unknown, so the full page is charged and nothing comes back.
      const drained = await app.t.client.post({ query: '{ events(first: 95) { pageInfo { hasNextPage } } }' }, { headers });
      assert.ok(costOf(drained).budget!.remaining < 10, JSON.stringify(costOf(drained)));
      const calls = app.listCalls();
      const refused = await app.t.client.post({ query: '{ events(first: 100) { pageInfo { hasNextPage } } }' }, { headers });
      assert.equal(refused.status, 429, JSON.stringify(refused));
      const retryAfter = Number(refused.headers.get('retry-after'));
      assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1, `Retry-After: ${refused.headers.get('retry-after')}`);
      const [error] = refused.errors ?? [];
      assert.equal(error.extensions?.code, 'RATE_LIMITED');
      assert.equal(error.extensions?.retryAfter, retryAfter);
      assert.equal((error.extensions?.cost as Cost).requested, 100);
      assert.equal(refused.data, undefined);
      assert.equal(app.listCalls(), calls, 'no resolver reached the store');
      const again = await app.t.client.post({ query: '{ events(first: 100) { pageInfo { hasNextPage } } }' }, { headers });
      assert.equal(again.status, 429);
      const audited = app.t.logs.filter((line) => line.includes('"message":"audit"') && line.includes('"limit":"costBudget"'));
      assert.equal(audited.length, 1, 'audited once per caller and minute, however many refusals');
      assert.ok(audited[0].includes('"action":"events"') && audited[0].includes('"code":"RATE_LIMITED"'), audited[0]);

      const status = await app.t.client.post<{ rateLimit: { remaining: number } }>({ query: RATE_LIMIT });
      assert.equal(status.status, 200, 'rateLimit costs nothing, so it still answers');
      assert.ok(status.data!.rateLimit.remaining < 100);
    });

  });

  describe(`cost budgets of signed-in users (${name}; 50 points, 1 per second)`, () => {
    let app: CountingApp;
    before(async () => {
      app = await startCountingApp({ COST_BUDGET_USER: '50/1', ...env() });
    });
    after(() => app.stop());

    it('each signed-in user has a bucket of their own, apart from the address', async () => {
      const first = await app.t.client.post({ query: '{ me { id } }' }, { as: 'budget-alice' });
      const second = await app.t.client.post({ query: '{ me { id } }' }, { as: 'budget-bob' });
      assert.equal(costOf(first).budget?.capacity, 50);
      assert.equal(costOf(second).budget?.capacity, 50);
      assert.equal(costOf(first).budget?.remaining, costOf(second).budget?.remaining, 'two users, two fresh buckets');
    });

    it('a mutation pays its price; a failed one is not refunded', async () => {
      const failed = await app.t.client.post({ query: 'mutation { postComment(input: { eventId: "nope", body: "hi" }) { id } }' }, { as: 'budget-carol' });
      assert.ok(['BAD_USER_INPUT', 'NOT_FOUND'].includes(String(failed.errors?.[0]?.extensions?.code)), JSON.stringify(failed.errors));
      const cost = costOf(failed);
      assert.equal(cost.requested, 10);
      assert.equal(cost.actual, undefined, 'no actual cost for a response with errors');
      assert.ok(cost.budget!.remaining >= 39 && cost.budget!.remaining <= 41, JSON.stringify(cost)); // 50 − 10, give or take a second's restore
    });
  });
}

describe('pages of zero items over HTTP (anonymous 100 points, 1 per second)', () => {
  let app: CountingApp;
  before(async () => {
    app = await startCountingApp({ COST_BUDGET_ANONYMOUS: '100/1' });
  });
  after(() => app.stop());

  it('each still runs its store query, so each costs a point: ten aliases of events(first: 0) cost 10, and the budget runs out', async () => {
    const aliases = Array.from({ length: 10 }, (_, i) => `a${i}: events(first: 0) { edges { cursor } }`).join(' ');
    const statuses: number[] = [];
    for (let i = 0; i < 15; i += 1) {
      const result = await app.t.client.post({ query: `{ ${aliases} }` });
      statuses.push(result.status);
      if (result.status === 200) assert.deepEqual([costOf(result).requested, costOf(result).actual], [10, 10], JSON.stringify(result.extensions));
    }
    const served = statuses.filter((status) => status === 200).length;
    assert.ok(served >= 10 && served <= 12, `10 requests fit in 100 points (give or take the restore): ${statuses.join(' ')}`);
    assert.ok(statuses.slice(-3).every((status) => status === 429), statuses.join(' '));
    assert.equal(app.listCalls(), served * 10, 'refused requests reached no store');
  });
});

costBudgetSuite('memory', () => ({}));
// Redis (CI has it at 127.0.0.1:6379): the same behaviour with counts shared by replicas; a fresh key prefix per app.
costBudgetSuite('redis', () => ({ REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: uniquePrefix() }));
