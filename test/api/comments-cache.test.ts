// Cached comment threads over real HTTP: cache hints on every response, the server-side cache for
// anonymous reads only, a post visible in the very next read, and every protection applied to a hit.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { print } from 'graphql';
import { after, before, describe, it } from 'node:test';
import type { CachedReadMeta } from '../../src/http/server';
import { ApiKeysDocument, CommentsDocument, CreateApiKeyDocument, MeDocument, MyPurchasesDocument, PostCommentDocument } from '../generated/graphql';
import { onlyError, type GraphQLResult, type RequestOptions } from '../helpers/client';
import { createEvent } from '../helpers/fixtures';
import { startTestApp, uniqueUser, type TestApp } from '../helpers/test-app';

const PUBLIC_HINT = /^max-age=[1-5], public$/;
const bodies = (result: GraphQLResult<{ comments: { edges: { node: { body: string } }[] } }>) => result.data!.comments.edges.map((edge) => edge.node.body);

describe('cached comment threads over HTTP', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.stop());

  const read = (eventId: string, options?: RequestOptions) => t.client.request(CommentsDocument, { eventId, first: 20 }, options);
  const post = (as: string, eventId: string, body: string) => t.client.request(PostCommentDocument, { input: { eventId, body } }, { as });
  /** A thread with one comment, read twice anonymously so that its page is cached. */
  async function cachedThread() {
    const event = await createEvent(t.client);
    await post(uniqueUser('author'), event.id, 'the first comment');
    await read(event.id);
    const hit = await read(event.id);
    assert.equal(hit.headers.get('x-cache'), 'HIT');
    return event;
  }

  it('when an anonymous caller reads a thread, then it is public with a max-age, and the next identical read is a hit with the same data and price', async () => {
    const event = await createEvent(t.client);
    await post(uniqueUser(), event.id, 'hello');
    const first = await read(event.id);
    assert.equal(first.headers.get('cache-control'), 'max-age=5, public');
    assert.equal(first.headers.get('x-cache'), 'MISS');
    const second = await read(event.id);
    assert.equal(second.headers.get('x-cache'), 'HIT');
    assert.match(second.headers.get('cache-control') ?? '', PUBLIC_HINT);
    assert.match(second.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(second.data, first.data);
    const price = (result: GraphQLResult<unknown>) => {
      const { requested, actual, budget } = result.extensions?.cost as { requested: number; actual?: number; budget?: unknown };
      return { requested, actual, hasBudget: budget !== undefined };
    };
    assert.deepEqual([price(first), price(second)], [{ requested: 20, actual: 1, hasBudget: true }, { requested: 20, actual: 1, hasBudget: true }]);
    assert.equal(second.errors, undefined);
  });

  it('a hit carries its own fresh request id, in the header and in extensions, and the security headers', async () => {
    const event = await cachedThread();
    const mine = await read(event.id, { headers: { 'x-request-id': 'client-request-0001' } });
    const other = await read(event.id);
    assert.deepEqual([mine.headers.get('x-cache'), other.headers.get('x-cache')], ['HIT', 'HIT']);
    assert.equal(mine.extensions?.requestId, 'client-request-0001');
    assert.equal(mine.headers.get('x-request-id'), 'client-request-0001');
    assert.notEqual(other.extensions?.requestId, 'client-request-0001');
    assert.equal(other.headers.get('x-request-id'), other.extensions?.requestId);
    assert.equal(other.headers.get('x-content-type-options'), 'nosniff');
  });

  it('the same variables in another key order are the same entry', async () => {
    const event = await cachedThread();
    const reordered = await t.client.post({ query: print(CommentsDocument), variables: { first: 20, eventId: event.id } });
    assert.equal(reordered.headers.get('x-cache'), 'HIT');
  });

  it('when a comment is posted, then the very next anonymous read shows it', async () => {
    const event = await cachedThread();
    await post(uniqueUser('author'), event.id, 'posted while cached');
    const next = await read(event.id);
    assert.deepEqual(bodies(next), ['posted while cached', 'the first comment']);
    assert.equal(next.headers.get('x-cache'), 'MISS');
  });

  it('when signed in, a thread read is neither public nor served from the cache, and the author sees their comment at once', async () => {
    const event = await cachedThread();
    const author = uniqueUser('author');
    const signedIn = await read(event.id, { as: author });
    assert.equal(signedIn.headers.get('cache-control'), 'no-store');
    assert.equal(signedIn.headers.get('x-cache'), null);
    await post(author, event.id, 'my own comment');
    assert.deepEqual(bodies(await read(event.id, { as: author })), ['my own comment', 'the first comment']);
  });

  it('with an API key, a thread read is neither public nor served from the cache', async () => {
    const event = await cachedThread();
    const created = await t.client.request(CreateApiKeyDocument, { input: { name: 'reader', scopes: ['READ'] } }, { as: uniqueUser() });
    const viaKey = await read(event.id, { headers: { 'x-api-key': created.data!.createApiKey.secret } });
    assert.equal(viaKey.errors, undefined);
    assert.equal(viaKey.headers.get('cache-control'), 'no-store');
    assert.equal(viaKey.headers.get('x-cache'), null);
  });

  it('a bad credential is refused UNAUTHENTICATED even when the same read is cached', async () => {
    const event = await cachedThread();
    const forged = await read(event.id, { headers: { authorization: 'Bearer not.a.token' } });
    assert.equal(onlyError(forged).extensions?.code, 'UNAUTHENTICATED');
    assert.equal(forged.data ?? null, null);
    assert.notEqual(forged.headers.get('x-cache'), 'HIT');
  });

  it('me, myPurchases and apiKeys signed in are never public', async () => {
    const user = uniqueUser();
    for (const result of [
      await t.client.request(MeDocument, {}, { as: user }),
      await t.client.request(MyPurchasesDocument, { first: 5 }, { as: user }),
      await t.client.request(ApiKeysDocument, {}, { as: user }),
    ]) {
      assert.equal(result.errors, undefined);
      assert.equal(result.headers.get('cache-control'), 'no-store');
      assert.equal(result.headers.get('x-cache'), null);
    }
  });

  it('two users sending the same `me` document one after the other each get their own username', async () => {
    const [alice, bob] = [uniqueUser('alice'), uniqueUser('bob')];
    for (const user of [alice, bob, alice, bob]) {
      const me = await t.client.request(MeDocument, {}, { as: user });
      assert.equal(me.data!.me!.username, user);
    }
  });

  it('an error is never cached: an unknown event is NOT_FOUND with no-store, every time', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (let i = 0; i < 2; i += 1) {
      const result = await read(unknown);
      assert.equal(onlyError(result).extensions?.code, 'NOT_FOUND');
      assert.equal(result.headers.get('cache-control'), 'no-store');
      assert.equal(result.headers.get('x-cache'), 'MISS');
    }
  });

  it('a mutation is never cached', async () => {
    const event = await createEvent(t.client);
    const posted = await post(uniqueUser(), event.id, 'a post');
    assert.equal(posted.headers.get('cache-control'), 'no-store');
    assert.equal(posted.headers.get('x-cache'), null);
  });

  it('a GET read goes to Apollo: refused by CSRF prevention without a preflight header, cached or not', async () => {
    const event = await cachedThread();
    const url = `${t.url}?query=${encodeURIComponent(print(CommentsDocument))}&variables=${encodeURIComponent(JSON.stringify({ eventId: event.id, first: 20 }))}`;
    const refused = await fetch(url);
    assert.equal(refused.status, 400);
    assert.equal(refused.headers.get('x-cache'), null);
    const preflighted = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    assert.equal(preflighted.status, 200);
    assert.equal(preflighted.headers.get('x-cache'), null);
    assert.equal(preflighted.headers.get('cache-control'), 'max-age=5, public');
  });

  it('a hit writes an access line marked as a cache hit, with its request id', async () => {
    const event = await cachedThread();
    await read(event.id, { headers: { 'x-request-id': 'access-line-hit-01' } });
    const line = t.logs.map((text) => JSON.parse(text) as Record<string, unknown>).find((entry) => entry.requestId === 'access-line-hit-01');
    assert.equal(line?.message, 'graphql');
    assert.deepEqual([line?.cache, line?.operation, line?.outcome, line?.principal], ['hit', 'Comments', 'ok', 'anonymous']);
  });
});

describe('cached reads sent as automatic persisted queries', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.stop());

  const QUERY = print(CommentsDocument);
  const HASH = createHash('sha256').update(QUERY).digest('hex');
  const apq = (hash: string, extra: Record<string, unknown> = {}) => ({ persistedQuery: { version: 1, sha256Hash: hash }, ...extra });
  type Thread = { comments: { edges: unknown[] } };
  const send = (body: Record<string, unknown>) => t.client.post<Thread>({ operationName: 'Comments', ...body });

  it('when a client registers a query and then sends only its hash, then the hash-only reads are hits with the same data, paying the budget', async () => {
    const event = await createEvent(t.client);
    const variables = { eventId: event.id, first: 20 };
    const unknown = await send({ variables, extensions: apq(HASH) }); // the first hash-only try of an APQ client
    assert.equal(onlyError(unknown).extensions?.code, 'PERSISTED_QUERY_NOT_FOUND');
    const registered = await send({ query: QUERY, variables, extensions: apq(HASH) });
    assert.equal(registered.errors, undefined, JSON.stringify(registered.errors));
    assert.equal(registered.headers.get('x-cache'), 'MISS');
    const hit = await send({ variables, extensions: apq(HASH) });
    assert.equal(hit.headers.get('x-cache'), 'HIT');
    assert.deepEqual(hit.data, registered.data);
    assert.equal((hit.extensions?.cost as { requested?: number } | undefined)?.requested, 20);
    // Other variables are another entry.
    const other = await send({ variables: { ...variables, first: 5 }, extensions: apq(HASH) });
    assert.equal(other.headers.get('x-cache'), 'MISS');
  });

  it('when the query does not match its hash, or extensions carry anything else, then the cache is not used (Apollo answers)', async () => {
    const event = await createEvent(t.client);
    const variables = { eventId: event.id, first: 20 };
    await send({ query: QUERY, variables, extensions: apq(HASH) });
    const mismatch = await send({ query: QUERY.replace('first', 'last'), variables, extensions: apq(HASH) });
    assert.equal(mismatch.headers.get('x-cache'), null);
    assert.ok(mismatch.errors?.length, 'Apollo refuses a query that does not match its hash');
    const extra = await send({ variables, extensions: apq(HASH, { tracing: true }) });
    assert.equal(extra.headers.get('x-cache'), null);
    // Apollo compares hashes exactly: an upper-case one is another (unknown) document, never a hit.
    const upper = await send({ variables, extensions: apq(HASH.toUpperCase()) });
    assert.equal(upper.headers.get('x-cache'), null);
    assert.equal(onlyError(upper).extensions?.code, 'PERSISTED_QUERY_NOT_FOUND');
  });

  it('when two reads differ only in a variable named __proto__, then they are two entries (the key keeps every variable)', async () => {
    const event = await createEvent(t.client);
    for (const body of ['one', 'two', 'three']) await t.client.request(PostCommentDocument, { input: { eventId: event.id, body } }, { as: uniqueUser() });
    const query = 'query Proto($eventId: ID!, $__proto__: Int) { comments(eventId: $eventId, first: $__proto__) { edges { node { body } } } }';
    const page = (size: number) => t.client.post<Thread>({ query, operationName: 'Proto', variables: JSON.parse(`{"eventId":"${event.id}","__proto__":${size}}`) });
    const one = await page(1);
    assert.equal(one.data?.comments.edges.length, 1, JSON.stringify(one));
    const three = await page(3);
    assert.equal(three.headers.get('x-cache'), 'MISS');
    assert.equal(three.data?.comments.edges.length, 3);
  });
});

describe('cached reads pass the admission hook (cost budgets)', () => {
  let t: TestApp;
  const seen: CachedReadMeta[] = [];
  before(async () => {
    t = await startTestApp({
      overrides: {
        admitCachedRead: async (meta) => {
          seen.push(meta);
          return { refusal: { status: 429, code: 'RATE_LIMITED', message: 'Budget spent', extensions: { retryAfter: 3 }, headers: { 'retry-after': '3' } } };
        },
      },
    });
  });
  after(() => t.stop());

  it('when the hook refuses a hit, then the caller gets its refusal and no data, and the hook saw the stored price', async () => {
    const event = await createEvent(t.client);
    const first = await t.client.request(CommentsDocument, { eventId: event.id, first: 20 });
    assert.equal(first.errors, undefined); // executed normally, stored
    const refused = await t.client.request(CommentsDocument, { eventId: event.id, first: 20 }, { headers: { 'x-request-id': 'refused-hit-0001' } });
    assert.equal(refused.status, 429);
    assert.equal(onlyError(refused).extensions?.code, 'RATE_LIMITED');
    assert.equal(refused.data, undefined);
    assert.equal(refused.headers.get('retry-after'), '3');
    assert.deepEqual(seen.map(({ requestId, requestedCost, operationName }) => ({ requestId, requestedCost, operationName })), [
      { requestId: 'refused-hit-0001', requestedCost: 20, operationName: 'Comments' },
    ]);
  });
});

describe('cached reads spend the anonymous cost budget (COST_BUDGET_ANONYMOUS=50/1)', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { COST_BUDGET_ANONYMOUS: '50/1' } });
  });
  after(() => t.stop());

  it('a hit pays the stored price and gets the same refund; once the bucket is empty, a hit is 429 RATE_LIMITED with Retry-After', async () => {
    const event = await createEvent(t.client);
    // Without `edges` the page's items are unknown, so each read pays its full price (20) and gets nothing back.
    const query = `query Thread($id: ID!) { comments(eventId: $id, first: 20) { pageInfo { hasNextPage } } }`;
    const read = () => t.client.post({ query, variables: { id: event.id } });
    const first = await read();
    const second = await read();
    assert.equal(second.headers.get('x-cache'), 'HIT');
    const remaining = (result: GraphQLResult<unknown>) => (result.extensions?.cost as { budget: { remaining: number } }).budget.remaining;
    assert.ok(remaining(second) < remaining(first), `a hit spends budget: ${remaining(first)} then ${remaining(second)}`);
    const third = await read();
    assert.equal(third.status, 429, JSON.stringify(third));
    assert.equal(onlyError(third).extensions?.code, 'RATE_LIMITED');
    assert.equal(third.headers.get('retry-after'), String(onlyError(third).extensions?.retryAfter));
    assert.equal(third.data, undefined);
  });
});

describe('with CACHE_ENABLED=false', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { CACHE_ENABLED: 'false', COMMENTS_MAX_AGE_SECONDS: '30' } });
  });
  after(() => t.stop());

  it('reads are never served from the server cache, and still carry the public hint of COMMENTS_MAX_AGE_SECONDS', async () => {
    const event = await createEvent(t.client);
    for (let i = 0; i < 2; i += 1) {
      const result = await t.client.request(CommentsDocument, { eventId: event.id, first: 20 });
      assert.equal(result.headers.get('cache-control'), 'max-age=30, public');
      assert.equal(result.headers.get('x-cache'), null);
    }
    assert.equal(t.app.responseCache, undefined);
  });
});
