// Per-field rate limits over real HTTP: `@rateLimit` counts every call (aliases too) atomically per
// caller or per client address, answers RATE_LIMITED with `retryAfter` (429 + Retry-After when the
// whole request was refused), honours TRUST_PROXY, and API keys get a plain request rate on top.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TEST_REDIS_URL, uniquePrefix } from '../helpers/redis';
import { CommentsDocument, PostCommentDocument } from '../generated/graphql';
import { TEST_PASSWORD, type GraphQLResult } from '../helpers/client';
import { createEvent } from '../helpers/fixtures';
import { startTestApp, uniqueUser, type TestApp } from '../helpers/test-app';

const codes = (result: GraphQLResult<unknown>) => (result.errors ?? []).map((e) => e.extensions?.code);
const REGISTER = 'mutation($input: RegisterInput!) { register(input: $input) { accessToken } }';

function rateLimitSuite(name: string, env: () => Record<string, string>): void {
  describe(`per-field rate limits over HTTP (${name}; the @rateLimit defaults)`, () => {
    let t: TestApp;
    before(async () => {
      // The defaults from the SDL, except sign-ups (every test user registers from 127.0.0.1).
      t = await startTestApp({ env: { RATE_LIMITS: 'register.perAddress=1000/60s', MAX_ALIASES: '30', MAX_ROOT_FIELDS: '25', ...env() } });
    });
    after(() => t.stop());

    it('a burst of 60 comments from one user: 10 are posted, 50 get 429 RATE_LIMITED with retryAfter, the thread holds 10', async () => {
      const event = await createEvent(t.client);
      const author = uniqueUser('burst');
      await t.client.tokenFor(author);
      const results = await Promise.all(Array.from({ length: 60 }, (_, i) => t.client.request(PostCommentDocument, { input: { eventId: event.id, body: `comment ${i}` } }, { as: author })));
      const posted = results.filter((r) => r.errors === undefined);
      const limited = results.filter((r) => codes(r).join() === 'RATE_LIMITED');
      assert.equal(posted.length, 10);
      assert.equal(limited.length, 50);
      for (const refused of limited) {
        assert.equal(refused.status, 429);
        const retryAfter = refused.errors![0].extensions?.retryAfter as number;
        assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, String(retryAfter));
        assert.equal(refused.headers.get('retry-after'), String(retryAfter));
      }
      const thread = await t.client.request(CommentsDocument, { eventId: event.id, first: 100 });
      assert.equal(thread.data?.comments.edges.length, 10, 'refused comments were not stored');
      const audited = t.logs.filter((line) => line.includes('"message":"audit"') && line.includes('"limit":"postComment.perCaller"'));
      assert.equal(audited.length, 1, 'the refusals leave one audit event (one per limit, caller and minute)');
    });

    it('20 aliased login calls in one request do not all run: the sixth is RATE_LIMITED, whatever the letter case or surrounding spaces of the username', async () => {
      const username = uniqueUser('aliases');
      await t.client.post({ query: REGISTER, variables: { input: { username, password: TEST_PASSWORD } } });
      const spellings = [username, username.toUpperCase(), `  ${username}`, `${username} `]; // all sign in to one account
      const login = (name: string) => `login(input: { username: "${name}", password: "${TEST_PASSWORD}" }) { __typename }`;
      const fields = Array.from({ length: 20 }, (_, i) => `l${i}: ${login(spellings[i % 4])}`);
      const result = await t.client.post({ query: `mutation { ${fields.join(' ')} }` });
      // Mutation fields run one after another, and a refused non-null field ends the operation.
      assert.equal(result.data, null);
      assert.deepEqual(result.errors?.map((e) => [e.path?.join('.'), e.extensions?.code, e.extensions?.limit]), [['l5', 'RATE_LIMITED', 'login.perUsernameAndAddress']]);
      const later = await t.client.post({ query: `mutation { ${login(username)} }` });
      assert.deepEqual(codes(later), ['RATE_LIMITED'], 'the five that ran were counted');
    });

    it('a caller who may not call a field never spends its limit: anonymous buyTicket stays UNAUTHENTICATED', async () => {
      const buy = 'mutation { buyTicket(input: { eventId: "x", quantity: 1, idempotencyKey: "k" }) { id } }';
      const results = await Promise.all(Array.from({ length: 15 }, () => t.client.post({ query: buy })));
      assert.deepEqual(new Set(results.flatMap(codes)), new Set(['UNAUTHENTICATED']));
    });
  });

  describe(`per-address limits behind a trusted proxy (${name}; TRUST_PROXY=1, register.perAddress=2/60s)`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp({ env: { TRUST_PROXY: '1', RATE_LIMITS: 'register.perAddress=2/60s', ...env() } });
    });
    after(() => t.stop());

    const register = (forwardedFor: string) =>
      t.client.post({ query: REGISTER, variables: { input: { username: uniqueUser('proxy'), password: TEST_PASSWORD } } }, { headers: { 'x-forwarded-for': forwardedFor } });

    it('counts per client address, and a forged left-most X-Forwarded-For value does not make a new address', async () => {
      assert.deepEqual(codes(await register('198.51.100.1')), []);
      assert.deepEqual(codes(await register('198.51.100.1')), []);
      const third = await register('198.51.100.1');
      assert.deepEqual(codes(third), ['RATE_LIMITED']);
      assert.equal(third.status, 429);
      assert.deepEqual(codes(await register('10.9.9.9, 198.51.100.1')), ['RATE_LIMITED'], 'only the hop the proxy added is believed');
      assert.deepEqual(codes(await register('198.51.100.2')), [], 'another address has its own count');
    });

    it('an IPv6 client is its /64: addresses differing only in their low 64 bits share one count', async () => {
      assert.deepEqual(codes(await register('2001:db8:5:1::1')), []);
      assert.deepEqual(codes(await register('2001:db8:5:1:ffff:0:0:2')), []);
      assert.deepEqual(codes(await register('2001:db8:5:1:abcd::3')), ['RATE_LIMITED']);
      assert.deepEqual(codes(await register('2001:db8:5:2::1')), [], 'the next /64 is another client');
    });
  });

  describe(`API keys' request rate (${name}; API_KEY_REQUESTS_PER_MINUTE=3)`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp({ env: { API_KEY_REQUESTS_PER_MINUTE: '3', ...env() } });
    });
    after(() => t.stop());

    it('the fourth operation in a minute is refused with 429 RATE_LIMITED; the owner signed in is not limited by it', async () => {
      const owner = uniqueUser('keyrate');
      const created = await t.client.post<{ createApiKey: { secret: string } }>({ query: 'mutation { createApiKey(input: { name: "k", scopes: [READ] }) { secret } }' }, { as: owner });
      const withKey = { headers: { 'x-api-key': created.data!.createApiKey.secret } };
      for (let i = 0; i < 3; i += 1) assert.deepEqual(codes(await t.client.post({ query: '{ me { id } }' }, withKey)), []);
      const refused = await t.client.post({ query: '{ me { id } }' }, withKey);
      assert.equal(refused.status, 429);
      assert.equal(refused.errors?.[0]?.extensions?.limit, 'apiKey.requests');
      assert.deepEqual(codes(await t.client.post({ query: '{ me { id } }' }, { as: owner })), []);
    });
  });
}

rateLimitSuite('memory', () => ({}));
// Redis (CI has it at 127.0.0.1:6379): the same behaviour with counts shared by replicas; a fresh key prefix per app.
rateLimitSuite('redis', () => ({ REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: uniquePrefix() }));

describe('RATE_LIMITS overrides', () => {
  it('a name that no @rateLimit declares stops start-up with a clear message', async () => {
    await assert.rejects(startTestApp({ env: { RATE_LIMITS: 'login.perPlanet=5/60s' } }), /RATE_LIMITS names limits that do not exist: login.perPlanet/);
  });
});
