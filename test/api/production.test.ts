// Hardened behaviour with NODE_ENV=production: secrets required, no introspection, no schema hints,
// no Sandbox page, no stack traces in any error response, and unexpected errors masked for clients
// while the full error reaches the operators' log. The development profile is checked beside it, so
// each production test is shown to hide something that is otherwise there.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openEmbeddedStore } from '../../src/repositories/embedded';
import type { Store } from '../../src/repositories/ports';
import { BuyTicketDocument, CommentsDocument, CreateEventDocument } from '../generated/graphql';
import { onlyError } from '../helpers/client';
import { ADMIN, startTestApp, uniqueUser, type TestApp } from '../helpers/test-app';

// ---- helpers -------------------------------------------------------------------------------

const PRODUCTION = {
  NODE_ENV: 'production',
  JWT_SECRET: 'production-test-secret-of-at-least-32-bytes',
  TOTP_ENCRYPTION_KEY: '11'.repeat(32),
  API_KEY_PEPPER: 'production-test-pepper-of-at-least-32-bytes',
};
const LEAKY_MESSAGE = 'connection string mongodb://user:hunter2@db leaked';
const INTROSPECTION = '{ __schema { types { name } } }';
const MISSPELLED = '{ evnts(first: 1) { edges { cursor } } }';
const TYPE_INTROSPECTION = '{ __type(name: "Event") { fields { name } } }';

/** An object that behaves like `target` except for the members in `patch` (prototype methods included). */
function patched<T extends object>(target: T, patch: Partial<T>): T {
  return Object.assign(Object.create(target) as T, patch);
}

/** A real embedded store whose comment threads fail with an error that must never reach a client. */
async function storeWithLeakyComments(dataDir: string): Promise<Store> {
  const real = await openEmbeddedStore({ dataDir, compactionIntervalMs: 0 });
  return patched<Store>(real, {
    comments: patched(real.comments, {
      listByEvent: () => {
        throw new Error(LEAKY_MESSAGE);
      },
    }),
  });
}

/** Arrange an event directly through the services: in production nobody can act as the admin over HTTP yet. */
function createEventDirectly(t: TestApp) {
  return t.app.services.events.create({
    name: 'Production concert',
    venue: 'Main hall',
    startsAt: new Date(Date.now() + 86_400_000),
    capacity: 10,
    priceCents: 1000,
  });
}

const logEntries = (t: TestApp) => t.logs.map((line) => JSON.parse(line) as Record<string, unknown>);

/** Every key anywhere in a parsed JSON value. */
function keysIn(value: unknown): string[] {
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => [...(Array.isArray(value) ? [] : [key]), ...keysIn(child)]);
}

/** A browser opening the endpoint: a GET that prefers HTML. */
const browse = (t: TestApp, headers: Record<string, string> = {}) => fetch(t.url, { headers: { accept: 'text/html', ...headers } });

/** Requests that fail in every way we know of, from the transport to a resolver. */
function failingRequests(t: TestApp, eventId: string): Record<string, () => Promise<Response>> {
  const post = (body: unknown, headers: Record<string, string> = {}) => () =>
    fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return {
    'parse error': post({ query: '{ events(' }),
    'validation error': post({ query: MISSPELLED }),
    'variable of the wrong type': post({ query: 'query($first: Int) { events(first: $first) { edges { cursor } } }', variables: { first: 'x' } }),
    'unknown operation name': post({ query: 'query A { __typename }', operationName: 'B' }),
    'document limit': post({ query: `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: __typename`).join(' ')} }` }),
    'resolver failure': post({ query: 'query($id: ID!) { comments(eventId: $id) { edges { cursor } } }', variables: { id: eventId } }),
    'bad credential': post({ query: '{ __typename }' }, { authorization: 'Bearer forged.token.here' }),
    'unknown persisted query': post({ extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } }),
    'persisted query hash mismatch': post({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } }),
    'invalid JSON': post('{"query": '),
    batch: post([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    'CSRF-style POST': () => fetch(t.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"query":"{ __typename }"}' }),
    'unknown path': () => fetch(new URL('/nope', t.url)),
  };
}

// ---- tests ----------------------------------------------------------------------------------

describe('in production', () => {
  let t: TestApp;
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'flowguard-prod-'));
    t = await startTestApp({ env: PRODUCTION, dataDir, overrides: { store: await storeWithLeakyComments(dataDir) } });
  });
  after(async () => {
    await t.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('introspection is refused', async () => {
    const result = await t.client.post<{ __schema?: unknown }>({ query: INTROSPECTION });
    assert.equal(result.data?.__schema, undefined);
    assert.equal(onlyError(result).extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
    assert.match(onlyError(result).message, /introspection/i);
  });

  it('type introspection (__type) is refused as well', async () => {
    const result = await t.client.post<{ __type?: unknown }>({ query: TYPE_INTROSPECTION });
    assert.equal(result.data?.__type, undefined);
    assert.equal(onlyError(result).extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
  });

  it('no error response of any kind carries a stack trace, an `exception` or a stack frame', async () => {
    const event = await createEventDirectly(t);
    for (const [name, send] of Object.entries(failingRequests(t, event.id))) {
      const response = await send();
      const text = await response.text();
      assert.ok(response.status >= 200, name);
      const body = JSON.parse(text) as { errors?: unknown[] };
      assert.ok(body.errors && body.errors.length > 0, `${name} failed: ${text}`);
      const keys = keysIn(body);
      assert.ok(!keys.includes('stacktrace') && !keys.includes('exception'), `${name}: ${text}`);
      assert.ok(!/\bat .+:\d+:\d+/.test(text) && !text.includes('node_modules'), `${name}: ${text}`);
    }
  });

  it('serves no landing page: a browser gets JSON, never HTML or Apollo\'s CDN scripts', async () => {
    const variants: Record<string, string>[] = [{}, { 'apollo-require-preflight': 'true' }];
    for (const headers of variants) {
      const response = await browse(t, headers);
      const text = await response.text();
      assert.ok(response.status === 400 || response.status === 406, `${response.status} ${text}`); // CSRF refusal, or nothing acceptable
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
      assert.doesNotMatch(text, /<html|sandbox|apollographql\.com/i);
    }
  });

  it('a misspelled field gets no "Did you mean" suggestion', async () => {
    const result = await t.client.post({ query: MISSPELLED });
    const error = onlyError(result);
    assert.equal(error.extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
    assert.doesNotMatch(error.message, /did you mean/i);
    assert.doesNotMatch(error.message, /events/);
  });

  it('signed-in users work as in development: the bootstrap admin creates an event, a user buys', async () => {
    const created = await t.client.request(
      CreateEventDocument,
      { input: { name: 'x', venue: 'y', startsAt: new Date().toISOString(), capacity: 10, priceCents: 0 } },
      { as: ADMIN.username },
    );
    assert.equal(created.errors, undefined, JSON.stringify(created.errors));
    const result = await t.client.request(BuyTicketDocument, { input: { eventId: created.data!.createEvent.id, quantity: 1, idempotencyKey: randomUUID() } }, { as: uniqueUser() });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  });

  it('an unexpected error is masked: generic message, INTERNAL_SERVER_ERROR, the request id, no stack, no secret', async () => {
    const event = await createEventDirectly(t);
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `query Thread($eventId: ID!) { comments(eventId: $eventId) { edges { cursor } } }`, variables: { eventId: event.id } }),
    });
    const text = await response.text();
    const body = JSON.parse(text) as { errors: { message: string; extensions: Record<string, unknown> }[]; extensions: { requestId: string } };

    assert.equal(body.errors.length, 1);
    const [error] = body.errors;
    assert.equal(error.message, 'Internal server error');
    assert.equal(error.extensions.code, 'INTERNAL_SERVER_ERROR');
    assert.ok(body.extensions.requestId);
    assert.equal(error.extensions.requestId, body.extensions.requestId);
    assert.equal(error.extensions.stacktrace, undefined);
    assert.ok(!text.includes('hunter2'), text);
    assert.ok(!text.includes('mongodb'), text);
    assert.ok(!/\bat .+:\d+:\d+/.test(text), `no stack frames in the response: ${text}`);
  });

  it('the operators\' log has the full error (message and stack) under the same request id', async () => {
    const event = await createEventDirectly(t);
    const result = await t.client.request(CommentsDocument, { eventId: event.id });
    const requestId = result.extensions?.requestId;
    assert.equal(onlyError(result).extensions?.code, 'INTERNAL_SERVER_ERROR');

    const line = t.logs.find((text) => text.includes('"unexpected error"') && text.includes(String(requestId)));
    assert.ok(line, `an "unexpected error" log line for ${String(requestId)}`);
    assert.ok(line.includes(LEAKY_MESSAGE), `the log line has the error message: ${line}`);
    assert.match(line, /\\n\s+at /, `the log line has the stack: ${line}`);
  });

  it('responses carry the strict production content security policy', async () => {
    const response = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.match(response.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    await response.arrayBuffer();
  });

  it('the access log still records the masked error with its code', async () => {
    const event = await createEventDirectly(t);
    const result = await t.client.request(CommentsDocument, { eventId: event.id });
    const access = logEntries(t).find((entry) => entry.message === 'graphql' && entry.requestId === result.extensions?.requestId);
    assert.ok(access);
    assert.deepEqual(access.errorCodes, ['INTERNAL_SERVER_ERROR']);
  });
});

describe('in development (the same checks show what production hides)', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { NODE_ENV: 'development', SEED_DEMO_DATA: 'false' } });
  });
  after(() => t.stop());

  it('a misspelled field gets a "Did you mean" suggestion', async () => {
    const error = onlyError(await t.client.post({ query: MISSPELLED }));
    assert.equal(error.extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
    assert.match(error.message, /Did you mean "events"/);
  });

  it('introspection is served (Sandbox needs it)', async () => {
    const result = await t.client.post<{ __type?: { fields: unknown[] } }>({ query: TYPE_INTROSPECTION });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    assert.ok(result.data?.__type?.fields.length);
  });

  it('a browser gets the Apollo Sandbox page', async () => {
    const response = await browse(t);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await response.text(), /embeddable-sandbox/);
  });

  it('error responses carry no stack trace there either', async () => {
    const result = await t.client.post({ query: '{ events(' });
    assert.equal(onlyError(result).extensions?.code, 'GRAPHQL_PARSE_FAILED');
    assert.ok(!keysIn(result.errors).includes('stacktrace'), JSON.stringify(result.errors));
  });
});

describe('production start-up', () => {
  it('refuses to start without the identity secrets, naming each', async () => {
    await assert.rejects(startTestApp({ env: { NODE_ENV: 'production' } }), (error: Error & { problems?: string[] }) => {
      assert.deepEqual(error.problems?.map((line) => line.split(' ')[0]).sort(), ['API_KEY_PEPPER', 'JWT_SECRET', 'TOTP_ENCRYPTION_KEY']);
      return true;
    });
  });
});
