// Query cost over real HTTP: every executed operation reports `extensions.cost.requested` (beside the
// request id), and an operation over MAX_QUERY_COST is refused with 400 QUERY_TOO_COMPLEX carrying
// `cost` and `maxCost` before any resolver runs (a counting store shows `events` never reached it),
// whether `first` is written in the document or sent as a variable.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { GraphQLResult } from '../helpers/client';
import { startCountingApp, type CountingApp } from '../helpers/counting-app';

const times = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => make(i)).join(' ');
/** `n` aliased pages of events, each `first` items (a literal, or `$first`). */
const pages = (n: number, first: string) => times(n, (i) => `p${i}: events(first: ${first}) { edges { cursor } }`);

/** Posts the request; asserts a 400 QUERY_TOO_COMPLEX with these numbers, and that no resolver ran. */
async function assertTooComplex(app: CountingApp, body: { query: string; variables?: Record<string, unknown> }, cost: number): Promise<void> {
  const before = app.listCalls();
  const result: GraphQLResult<unknown> = await app.t.client.post(body);
  assert.equal(result.status, 400, JSON.stringify(result.errors));
  assert.equal(result.data, undefined, 'nothing executed');
  const [error] = result.errors ?? [];
  assert.equal(error?.extensions?.code, 'QUERY_TOO_COMPLEX', JSON.stringify(result.errors));
  assert.equal(error.extensions?.cost, cost);
  assert.equal(error.extensions?.maxCost, 1000);
  assert.equal(app.listCalls(), before, 'no resolver reached the store');
}

describe('query cost over HTTP (MAX_QUERY_COST 1000 by default; MAX_ROOT_FIELDS raised to 20)', () => {
  let app: CountingApp;
  before(async () => {
    app = await startCountingApp({ MAX_ROOT_FIELDS: '20' });
  });
  after(() => app.stop());

  it('a normal query reports what it cost, next to the request id', async () => {
    const result = await app.t.client.post({ query: `{ ${pages(2, '7')} }` });
    assert.equal(result.status, 200);
    assert.equal(result.errors, undefined);
    assert.equal(requestedOf(result), 14);
    assert.equal(typeof result.extensions?.requestId, 'string');
  });

  it('a query at the cap runs: 10 pages of 100 cost exactly 1,000', async () => {
    const before = app.listCalls();
    const result = await app.t.client.post({ query: `{ ${pages(10, '100')} }` });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    assert.equal(requestedOf(result), 1000);
    assert.equal(app.listCalls(), before + 10);
  });

  it('11 aliased pages of 100 (cost 1,100) are refused before any resolver runs', async () => {
    await assertTooComplex(app, { query: `{ ${pages(11, '100')} }` }, 1100);
  });

  it("the same query with `first` as a variable is priced from the variable's value", async () => {
    const query = `query Pages($first: Int!) { ${pages(11, '$first')} }`;
    await assertTooComplex(app, { query, variables: { first: 100 } }, 1100);
    const small = await app.t.client.post({ query, variables: { first: 2 } });
    assert.equal(small.errors, undefined, JSON.stringify(small.errors));
    assert.equal(requestedOf(small), 22);
  });

  it('a mutation reports its fixed price even when it fails', async () => {
    const result = await app.t.client.post({ query: 'mutation { login(input: { username: "nobody-here", password: "wrong-password-123" }) { __typename } }' });
    assert.equal(requestedOf(result), 10);
  });
});

function requestedOf(result: { extensions?: Record<string, unknown> }): number | undefined {
  return (result.extensions?.cost as { requested?: number } | undefined)?.requested;
}
