// Automatic persisted queries over real HTTP: a client registers a document under its sha256, then
// sends only the hash. A registration passes every guard first (document limits, cost cap) and a
// refused one is never stored. This app runs with MAX_QUERY_DEPTH 3 and MAX_QUERY_COST 10, so small
// documents can be over a limit.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sha256Hex } from '../../src/config/trusted-documents';
import { onlyError, type GraphQLResult } from '../helpers/client';
import { startCountingApp, type CountingApp } from '../helpers/counting-app';
import { startTestApp, type TestApp } from '../helpers/test-app';

// ---- helpers -------------------------------------------------------------------------------

let unique = 0;
/** A document that passes every limit here (depth 3, cost 1), with a name no other test uses. */
const fresh = () => `query Apq${(unique += 1)} { events(first: 1) { edges { cursor } } }`;
const TOO_DEEP = 'query ApqDeep { events(first: 1) { edges { node { id } } } }'; // depth 4
const TOO_COSTLY = 'query ApqCostly { events(first: 50) { edges { cursor } } }'; // cost 50

const persisted = (sha256Hash: string) => ({ persistedQuery: { version: 1, sha256Hash } });
const register = (query: string, hash = sha256Hex(query)) => ({ query, extensions: persisted(hash) });
const hashOnly = (hash: string) => ({ extensions: persisted(hash) });

function assertNotFound(result: GraphQLResult<unknown>): void {
  assert.equal(onlyError(result).extensions?.code, 'PERSISTED_QUERY_NOT_FOUND');
  assert.equal(result.data, undefined);
}

// ---- tests ----------------------------------------------------------------------------------

describe('automatic persisted queries (APQ_ENABLED by default)', () => {
  let app: CountingApp;
  let t: TestApp;
  before(async () => {
    app = await startCountingApp({ MAX_QUERY_DEPTH: '3', MAX_QUERY_COST: '10' });
    t = app.t;
  });
  after(() => app.stop());

  it('when a client sends only a hash the server has never seen, then PERSISTED_QUERY_NOT_FOUND, uncached, and nothing runs', async () => {
    const calls = app.listCalls();
    const result = await t.client.post(hashOnly(sha256Hex(fresh())));
    assert.equal(result.status, 200); // Apollo's protocol: the client then retries with the full text
    assert.match(result.headers.get('cache-control') ?? '', /no-cache/);
    assertNotFound(result);
    assert.equal(app.listCalls(), calls);
  });

  it('when a client registers a document with its hash, then the hash alone runs it', async () => {
    const query = fresh();
    const registered = await t.client.post(register(query));
    assert.equal(registered.errors, undefined, JSON.stringify(registered.errors));
    const result = await t.client.post(hashOnly(sha256Hex(query)));
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    assert.deepEqual(result.data, registered.data);
  });

  it('a registered hash runs over GET too (with the CSRF preflight header)', async () => {
    const query = fresh();
    await t.client.post(register(query));
    const url = `${t.url}?extensions=${encodeURIComponent(JSON.stringify(persisted(sha256Hex(query))))}`;
    const response = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    assert.equal(response.status, 200);
    assert.deepEqual(((await response.json()) as { data?: unknown }).data, { events: { edges: [] } });
  });

  it('when the hash is not the sha256 of the query, then 400 BAD_REQUEST, nothing runs and nothing is stored', async () => {
    const query = fresh();
    const wrongHash = sha256Hex(`${query} `);
    const calls = app.listCalls();
    const result = await t.client.post(register(query, wrongHash));
    assert.equal(result.status, 400);
    assert.equal(onlyError(result).extensions?.code, 'BAD_REQUEST');
    assert.match(onlyError(result).message, /does not match/);
    assert.equal(app.listCalls(), calls);
    assertNotFound(await t.client.post(hashOnly(wrongHash)));
    assertNotFound(await t.client.post(hashOnly(sha256Hex(query))));
  });

  it('when a registered document is over the depth limit, then DOCUMENT_LIMIT_EXCEEDED, no resolver ran, and a hash-only retry is not found', async () => {
    const calls = app.listCalls();
    const result = await t.client.post(register(TOO_DEEP));
    assert.equal(result.status, 400);
    assert.deepEqual([onlyError(result).extensions?.code, onlyError(result).extensions?.limit], ['DOCUMENT_LIMIT_EXCEEDED', 'depth']);
    assertNotFound(await t.client.post(hashOnly(sha256Hex(TOO_DEEP))));
    assert.equal(app.listCalls(), calls);
  });

  it('when a registered document is over the cost cap, then QUERY_TOO_COMPLEX, no resolver ran, and a hash-only retry is not found', async () => {
    const calls = app.listCalls();
    const result = await t.client.post(register(TOO_COSTLY));
    assert.equal(result.status, 400);
    assert.equal(onlyError(result).extensions?.code, 'QUERY_TOO_COMPLEX');
    assertNotFound(await t.client.post(hashOnly(sha256Hex(TOO_COSTLY))));
    assert.equal(app.listCalls(), calls);
  });

  it('a hash-only request is priced again with its own variables: over the cost cap it is refused and nothing runs', async () => {
    const query = 'query ApqPage($first: Int) { events(first: $first) { edges { cursor } } }';
    const registered = await t.client.post({ ...register(query), variables: { first: 1 } });
    assert.equal(registered.errors, undefined, JSON.stringify(registered.errors));
    const calls = app.listCalls();
    const result = await t.client.post({ ...hashOnly(sha256Hex(query)), variables: { first: 50 } });
    assert.equal(onlyError(result).extensions?.code, 'QUERY_TOO_COMPLEX');
    assert.equal(app.listCalls(), calls);
  });
});

describe('with APQ_ENABLED=false', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { APQ_ENABLED: 'false' } });
  });
  after(() => t.stop());

  it('a registration or a hash-only request is PERSISTED_QUERY_NOT_SUPPORTED and does not run', async () => {
    const query = fresh();
    for (const body of [register(query), hashOnly(sha256Hex(query))]) {
      const result = await t.client.post(body);
      assert.equal(onlyError(result).extensions?.code, 'PERSISTED_QUERY_NOT_SUPPORTED');
      assert.equal(result.data, undefined);
    }
  });
});
