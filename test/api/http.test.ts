// Transport behaviour over real HTTP: request ids, health probes, shutdown, security headers, CORS,
// body limits and the requests Apollo refuses before anything executes.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { print } from 'graphql';
import { openEmbeddedStore } from '../../src/repositories/embedded';
import type { PageRequest, Store } from '../../src/repositories/ports';
import { CommentsDocument, EventsDocument, PostCommentDocument } from '../generated/graphql';
import { onlyError, type ApiClient } from '../helpers/client';
import { createEvent } from '../helpers/fixtures';
import { startTestApp, uniqueUser, type TestApp } from '../helpers/test-app';

// ---- helpers -------------------------------------------------------------------------------

const EVENTS_QUERY = '{ events(first: 1) { edges { cursor } } }';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** `${origin}${pathname}` of the app, e.g. http://127.0.0.1:1234/health/live. */
const at = (t: TestApp, pathname: string): string => new URL(pathname, t.url).toString();

/** An object that behaves like `target` except for the members in `patch` (prototype methods included). */
function patched<T extends object>(target: T, patch: Partial<T>): T {
  return Object.assign(Object.create(target) as T, patch);
}

async function tempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'flowguard-http-'));
}

function postCommentBody(eventId: string, body: string) {
  return { query: print(PostCommentDocument), variables: { input: { eventId, body } } };
}

async function threadLength(client: ApiClient, eventId: string): Promise<number> {
  const result = await client.request(CommentsDocument, { eventId, first: 100 });
  assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  return result.data!.comments.edges.length;
}

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** The status codes of every HTTP/1.1 response read from a raw socket, in order. */
function statusesIn(raw: string): number[] {
  return [...raw.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((match) => Number(match[1]));
}

/**
 * Sends `head` and then `body` on a raw socket and never finishes the upload: resolves with all the
 * server sent once it has closed the connection. A server that waited for the rest of the body
 * would never close it; the test's own timeout would then fail the test.
 */
function unfinishedUpload(t: TestApp, head: string, body: Buffer = Buffer.alloc(0)): Promise<string> {
  const { hostname, port } = new URL(t.url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(Buffer.concat([Buffer.from(head), body])));
    let received = '';
    socket.on('data', (chunk) => (received += chunk));
    socket.on('error', () => {}); // a reset after the answer changes nothing
    socket.on('close', () => resolve(received));
  });
}

function rawRequest(method: string, pathname: string, body = ''): string {
  return `${method} ${pathname} HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

// ---- tests ----------------------------------------------------------------------------------

describe('HTTP transport', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.stop());

  describe('request ids', () => {
    it('a well-formed X-Request-Id is echoed in the response header and in extensions.requestId', async () => {
      const requestId = 'client-req_2024.01:abc-123';
      const result = await t.client.post({ query: EVENTS_QUERY }, { headers: { 'x-request-id': requestId } });
      assert.equal(result.status, 200);
      assert.equal(result.headers.get('x-request-id'), requestId);
      assert.equal(result.extensions?.requestId, requestId);
    });

    it('without X-Request-Id a UUID is generated and used in both places', async () => {
      const result = await t.client.post({ query: EVENTS_QUERY });
      const generated = result.headers.get('x-request-id');
      assert.match(generated ?? '', UUID);
      assert.equal(result.extensions?.requestId, generated);
    });

    for (const [name, malformed] of [
      ['with spaces', 'has spaces in it 12345'],
      ['with a tab and markup', 'abc\t<script>alert(1)</script>'],
      ['of 500 characters', 'a'.repeat(500)],
      ['that is too short', 'abc'],
      ['that looks like a forged log line', 'x1234567"} {"level":"error"'],
    ] as const) {
      it(`a malformed X-Request-Id (${name}) is replaced by a generated one`, async () => {
        const result = await t.client.post({ query: EVENTS_QUERY }, { headers: { 'x-request-id': malformed } });
        const used = result.headers.get('x-request-id');
        assert.notEqual(used, malformed);
        assert.match(used ?? '', UUID);
        assert.equal(result.extensions?.requestId, used);
      });
    }
  });

  describe('health probes and routing', () => {
    it('GET /health/live answers 200', async () => {
      const response = await fetch(at(t, '/health/live'));
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { status: 'ok' });
    });

    it('GET /health/ready answers 200 while the store answers', async () => {
      const response = await fetch(at(t, '/health/ready'));
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { status: 'ok' });
    });

    it('an unknown path answers 404 as JSON with NOT_FOUND and the request id', async () => {
      const response = await fetch(at(t, '/admin/../../etc/passwd?x=1'), { headers: { 'x-request-id': 'probe-404-000001' } });
      assert.equal(response.status, 404);
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
      const body = (await response.json()) as { errors: { extensions: { code: string } }[]; extensions: { requestId: string } };
      assert.equal(body.errors[0].extensions.code, 'NOT_FOUND');
      assert.equal(body.extensions.requestId, 'probe-404-000001');
    });
  });

  describe('security headers', () => {
    it('every response carries helmet headers (GraphQL, health and 404 alike)', async () => {
      for (const response of [
        await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: EVENTS_QUERY }) }),
        await fetch(at(t, '/health/live')),
        await fetch(at(t, '/nope')),
      ]) {
        assert.equal(response.headers.get('x-content-type-options'), 'nosniff', response.url);
        assert.equal(response.headers.get('x-frame-options'), 'SAMEORIGIN', response.url);
        assert.ok(response.headers.get('strict-transport-security'), response.url);
        assert.equal(response.headers.get('x-powered-by'), null, response.url);
        await response.arrayBuffer();
      }
    });
  });

  describe('request bodies', () => {
    it('a body over MAX_BODY_BYTES (about 1 MB) → 413 DOCUMENT_LIMIT_EXCEEDED on bodySize, and nothing is posted', async () => {
      const event = await createEvent(t.client);
      const result = await t.client.post(postCommentBody(event.id, 'x'.repeat(1_000_000)), { as: uniqueUser() });
      assert.equal(result.status, 413);
      const error = onlyError(result);
      assert.equal(error.extensions?.code, 'DOCUMENT_LIMIT_EXCEEDED');
      assert.equal(error.extensions?.limit, 'bodySize');
      assert.equal(error.extensions?.maxBytes, 102_400);
      assert.ok(result.extensions?.requestId);
      assert.equal(await threadLength(t.client, event.id), 0);
    });

    it('a body declared (Content-Length) over the limit is refused at once, before any of it is sent, and the connection is closed', { timeout: 10_000 }, async () => {
      const received = await unfinishedUpload(t, 'POST /graphql HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: 1000000000\r\n\r\n');
      assert.deepEqual(statusesIn(received), [413]);
      assert.match(received, /connection: close/i);
      assert.match(received, /"limit":"bodySize"/);
    });

    it('a request pipelined behind a refused upload is never executed (the connection is closing)', { timeout: 10_000 }, async () => {
      const username = uniqueUser('pipelined');
      const register = JSON.stringify({ query: 'mutation($u: String!) { register(input: { username: $u, password: "a-long-enough-password-1" }) { accessToken } }', variables: { u: username } });
      const refused = 'POST /graphql HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: 200000\r\n\r\n';
      const received = await unfinishedUpload(t, refused, Buffer.concat([Buffer.alloc(200_000, 'a'), Buffer.from(rawRequest('POST', '/graphql', register))]));
      assert.deepEqual(statusesIn(received), [413]);
      const login = await t.client.post({ query: `mutation { login(input: { username: "${username}", password: "a-long-enough-password-1" }) { __typename } }` });
      assert.equal(login.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED', 'the pipelined register never ran');
    });

    it('`Expect: 100-continue` with a body declared over the limit gets 413 and no invitation to send it', { timeout: 10_000 }, async () => {
      const received = await unfinishedUpload(t, 'POST /graphql HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\nexpect: 100-continue\r\ncontent-length: 1000000000\r\n\r\n');
      assert.deepEqual(statusesIn(received), [413]);
    });

    it('a body that is not JSON is answered without being read, and the connection closes: it cannot be uploaded for ever', { timeout: 10_000 }, async () => {
      const chunk = Buffer.alloc(150_000, 'a');
      const head = 'POST /graphql HTTP/1.1\r\nhost: localhost\r\ncontent-type: text/plain\r\ntransfer-encoding: chunked\r\n\r\n';
      const received = await unfinishedUpload(t, head, Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]));
      assert.deepEqual(statusesIn(received), [400], 'refused once (CSRF prevention), never a second 408');
      assert.match(received, /connection: close/i);
    });

    it('a body refused before it is read for any reason (an unsupported charset, an unknown path, a health probe) is not read off for ever: the answer closes the connection', { timeout: 10_000 }, async () => {
      const chunk = Buffer.alloc(150_000, 'a');
      const endless = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]); // and never a last chunk
      const head = (pathname: string, type: string) => `POST ${pathname} HTTP/1.1\r\nhost: localhost\r\ncontent-type: ${type}\r\ntransfer-encoding: chunked\r\n\r\n`;
      for (const [pathname, type, status] of [['/graphql', 'application/json; charset=latin1', 415], ['/nope', 'application/json', 404], ['/health/live', 'application/json', 200]] as const) {
        const received = await unfinishedUpload(t, head(pathname, type), endless);
        assert.deepEqual(statusesIn(received), [status], pathname);
        assert.match(received, /connection: close/i, pathname);
      }
    });

    it('a chunked body is refused as soon as the bytes received pass the limit, without waiting for its end', { timeout: 10_000 }, async () => {
      const chunk = Buffer.alloc(150_000, 'a'); // over the 100 KB limit, and the upload never ends
      const head = 'POST /graphql HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n';
      const received = await unfinishedUpload(t, head, Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]));
      assert.deepEqual(statusesIn(received), [413]);
      assert.match(received, /"limit":"bodySize"/);
    });

    it('JSON nested past 32 levels (45,000 arrays fit in 100 KB) → 400 DOCUMENT_LIMIT_EXCEEDED on bodyDepth, with no error logged; 31 levels pass the reader', async () => {
      const nested = (depth: number) => `{"query":"{ __typename }","variables":{"a":${'['.repeat(depth)}${']'.repeat(depth)}}}`;
      const errorsBefore = t.logs.filter((line) => line.includes('"level":"error"')).length;
      const refused = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: nested(45_000) });
      assert.equal(refused.status, 400);
      const body = (await refused.json()) as { errors: { extensions: { code: string; limit: string; max: number } }[] };
      assert.deepEqual(body.errors[0].extensions, { code: 'DOCUMENT_LIMIT_EXCEEDED', limit: 'bodyDepth', max: 32 });
      assert.equal(t.logs.filter((line) => line.includes('"level":"error"')).length, errorsBefore, 'nothing overflowed');
      const read = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: nested(29) }); // body → variables → a → 29 arrays
      assert.equal(read.status, 200);
      await read.arrayBuffer();
    });

    it('an upload that never finishes is cut off after REQUEST_TIMEOUT_MS: 408 and the connection closes (no slow body holds it for minutes)', { timeout: 15_000 }, async () => {
      const slow = await startTestApp({ env: { REQUEST_TIMEOUT_MS: '1000' } });
      try {
        const received = await unfinishedUpload(slow, 'POST /graphql HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: 50\r\n\r\n', Buffer.from('{"query":'));
        assert.deepEqual(statusesIn(received), [408]);
      } finally {
        await slow.stop();
      }
    });

    it('a small gzip body that inflates past MAX_BODY_BYTES → 413 (the limit applies to the inflated body)', async () => {
      const json = JSON.stringify({ query: EVENTS_QUERY, variables: { padding: 'x'.repeat(5_000_000) } });
      const response = await fetch(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: gzipSync(json),
      });
      assert.equal(response.status, 413);
      const body = (await response.json()) as { errors: { extensions: { code: string; limit: string } }[] };
      assert.deepEqual([body.errors[0].extensions.code, body.errors[0].extensions.limit], ['DOCUMENT_LIMIT_EXCEEDED', 'bodySize']);
    });

    it('a body just under the limit is read (and then judged by the API: BAD_USER_INPUT on body)', async () => {
      const event = await createEvent(t.client);
      const result = await t.client.post(postCommentBody(event.id, 'x'.repeat(100_000)), { as: uniqueUser() });
      assert.equal(result.status, 200);
      assert.deepEqual([onlyError(result).extensions?.code, onlyError(result).extensions?.field], ['BAD_USER_INPUT', 'body']);
    });

    it('invalid JSON → 400 BAD_REQUEST', async () => {
      const result = await t.client.post('{"query": "{ events { edges { cursor } } }",', {});
      assert.equal(result.status, 400);
      assert.equal(onlyError(result).extensions?.code, 'BAD_REQUEST');
      assert.ok(result.extensions?.requestId);
    });

    it('a batched request (a JSON array of two operations) is refused with 400 DOCUMENT_LIMIT_EXCEEDED (limit batch) and executes neither', async () => {
      const event = await createEvent(t.client);
      const result = await t.client.post([postCommentBody(event.id, 'batched one'), postCommentBody(event.id, 'batched two')], { as: uniqueUser() });
      assert.equal(result.status, 400);
      assert.deepEqual([onlyError(result).extensions?.code, onlyError(result).extensions?.limit], ['DOCUMENT_LIMIT_EXCEEDED', 'batch']);
      assert.equal(await threadLength(t.client, event.id), 0);
    });
  });

  describe('methods and CSRF', () => {
    it('a query over GET works when it carries a preflight-forcing header', async () => {
      const url = `${t.url}?query=${encodeURIComponent(EVENTS_QUERY)}`;
      const response = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
      assert.equal(response.status, 200);
      const body = (await response.json()) as { data?: unknown };
      assert.ok(body.data);
    });

    it('GET variables nested past 32 levels are refused like a POST body (400 bodyDepth), never a 500', async () => {
      const errorsBefore = t.logs.filter((line) => line.includes('"level":"error"')).length;
      const variables = `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`;
      const response = await fetch(`${t.url}?query=${encodeURIComponent('{ __typename }')}&variables=${variables}`, { headers: { 'apollo-require-preflight': 'true' } });
      assert.equal(response.status, 400);
      const body = (await response.json()) as { errors: { extensions: { code: string; limit: string } }[] };
      assert.deepEqual([body.errors[0].extensions.code, body.errors[0].extensions.limit], ['DOCUMENT_LIMIT_EXCEEDED', 'bodyDepth']);
      assert.equal(t.logs.filter((line) => line.includes('"level":"error"')).length, errorsBefore);
    });

    it('a mutation over GET is refused with 405 and not executed', async () => {
      const event = await createEvent(t.client);
      const query = print(PostCommentDocument);
      const variables = JSON.stringify({ input: { eventId: event.id, body: 'via GET' } });
      const url = `${t.url}?query=${encodeURIComponent(query)}&variables=${encodeURIComponent(variables)}`;
      const response = await fetch(url, { headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${await t.client.tokenFor(uniqueUser())}` } });
      assert.equal(response.status, 405);
      await response.arrayBuffer();
      assert.equal(await threadLength(t.client, event.id), 0);
    });

    it('a simple GET without a preflight-forcing header is refused by CSRF prevention', async () => {
      const response = await fetch(`${t.url}?query=${encodeURIComponent(EVENTS_QUERY)}`);
      assert.equal(response.status, 400);
      const body = (await response.json()) as { data?: unknown };
      assert.equal(body.data, undefined);
    });

    it('a CSRF-style simple POST (content-type text/plain) is refused and does not execute', async () => {
      const event = await createEvent(t.client);
      const response = await fetch(t.url, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', authorization: `Bearer ${await t.client.tokenFor(uniqueUser())}` },
        body: JSON.stringify(postCommentBody(event.id, 'forged by another site')),
      });
      assert.equal(response.status, 400);
      const body = (await response.json()) as { data?: unknown; errors: { message: string }[] };
      assert.equal(body.data, undefined);
      assert.match(body.errors[0].message, /Cross-Site Request Forgery/);
      assert.equal(await threadLength(t.client, event.id), 0);
    });

    it('requests Apollo refuses before execution (CSRF, batch, PUT, no query) still carry the request id in header and body', async () => {
      const refusals = {
        'CSRF-style POST': { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' },
        batch: { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ query: EVENTS_QUERY }, { query: EVENTS_QUERY }]) },
        PUT: { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: EVENTS_QUERY }) },
        'POST without a query': { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' },
      };
      const missing: string[] = [];
      for (const [name, init] of Object.entries(refusals)) {
        const requestId = `refused-${name.replace(/\W+/g, '-')}`;
        const response = await fetch(t.url, { ...init, headers: { ...init.headers, 'x-request-id': requestId } });
        assert.ok(response.status >= 400 && response.status < 500, `${name}: ${response.status}`);
        assert.equal(response.headers.get('x-request-id'), requestId, name);
        const body = (await response.json()) as { extensions?: { requestId?: string } };
        if (body.extensions?.requestId !== requestId) missing.push(`${name}: ${JSON.stringify(body)}`);
      }
      assert.deepEqual(missing, [], 'responses without extensions.requestId');
    });
  });

  describe('a credential that cannot be accepted', () => {
    for (const [name, headers] of [
      ['a bearer token that is not a JWT', { authorization: 'Bearer not-a-token' }],
      ['an Authorization header of another scheme', { authorization: 'Basic YWRtaW46YWRtaW4=' }],
      ['an empty Authorization header', { authorization: '' }],
      ['an API key that does not exist', { 'x-api-key': 'fg_AAAAAAAAAAAA.' + 'A'.repeat(43) }],
      ['an injection attempt as API key', { 'x-api-key': "admin' OR '1'='1" }],
    ] as const) {
      it(`${name} → HTTP 401 UNAUTHENTICATED, never anonymous`, async () => {
        const result = await t.client.post({ query: EVENTS_QUERY }, { headers });
        assert.equal(result.status, 401);
        assert.equal(onlyError(result).extensions?.code, 'UNAUTHENTICATED');
        assert.equal(result.data, undefined, 'a public query must not be served as anonymous');
        assert.ok(result.extensions?.requestId);
        assert.equal(result.extensions?.requestId, result.headers.get('x-request-id'));
      });
    }

    it('a bad credential on a mutation posts nothing', async () => {
      const event = await createEvent(t.client);
      const result = await t.client.post(postCommentBody(event.id, 'as nobody'), { headers: { authorization: 'Bearer forged.token.here' } });
      assert.equal(result.status, 401);
      assert.equal(onlyError(result).extensions?.code, 'UNAUTHENTICATED');
      assert.equal(await threadLength(t.client, event.id), 0);
    });
  });
});

describe('CORS', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { CORS_ORIGINS: 'https://app.example.com' } });
  });
  after(() => t.stop());

  const preflight = (origin: string) =>
    fetch(t.url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });

  it('a preflight from an allowed origin is answered with that origin', async () => {
    const response = await preflight('https://app.example.com');
    assert.ok(response.status === 204 || response.status === 200, String(response.status));
    assert.equal(response.headers.get('access-control-allow-origin'), 'https://app.example.com');
    assert.match(response.headers.get('access-control-allow-methods') ?? '', /POST/);
  });

  it('a preflight from another origin gets no allow-origin header', async () => {
    const response = await preflight('https://evil.example.com');
    assert.equal(response.headers.get('access-control-allow-origin'), null);
  });

  it('a POST from the allowed origin carries allow-origin and exposes x-request-id', async () => {
    const result = await t.client.post({ query: EVENTS_QUERY }, { headers: { origin: 'https://app.example.com' } });
    assert.equal(result.headers.get('access-control-allow-origin'), 'https://app.example.com');
    assert.match(result.headers.get('access-control-expose-headers') ?? '', /x-request-id/);
  });

  it('a POST from another origin gets no allow-origin header', async () => {
    const result = await t.client.post({ query: EVENTS_QUERY }, { headers: { origin: 'https://evil.example.com' } });
    assert.equal(result.headers.get('access-control-allow-origin'), null);
  });

  it('without CORS_ORIGINS no origin is allowed', async () => {
    const plain = await startTestApp();
    try {
      const response = await fetch(plain.url, {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
      });
      assert.equal(response.headers.get('access-control-allow-origin'), null);
    } finally {
      await plain.stop();
    }
  });
});

describe('readiness and shutdown', () => {
  it('GET /health/ready answers 503 while the store does not answer its ping', async () => {
    const dataDir = await tempDir();
    const real = await openEmbeddedStore({ dataDir, compactionIntervalMs: 0 });
    const store = patched<Store>(real, { ping: () => Promise.reject(new Error('store unreachable')) });
    const t = await startTestApp({ dataDir, overrides: { store } });
    try {
      const ready = await fetch(at(t, '/health/ready'));
      assert.equal(ready.status, 503);
      assert.deepEqual(await ready.json(), { status: 'unavailable' });
      assert.equal((await fetch(at(t, '/health/live'))).status, 200, 'liveness does not depend on the store');
    } finally {
      await t.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('once stop() has begun: the in-flight request completes, new ones get 503 (readiness too), new connections are refused', async () => {
    const dataDir = await tempDir();
    const real = await openEmbeddedStore({ dataDir, compactionIntervalMs: 0 });
    const entered = deferred();
    const release = deferred();
    const store = patched<Store>(real, {
      events: patched(real.events, {
        async list(page: PageRequest) {
          entered.resolve();
          await release.promise;
          return real.events.list(page);
        },
      }),
    });
    const t = await startTestApp({ dataDir, overrides: { store } });
    const port = new URL(t.url).port;
    const socket = net.connect(Number(port), '127.0.0.1');
    let raw = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (raw += chunk));
    const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    try {
      // Arrange: one request in flight on a kept-alive connection.
      socket.write(rawRequest('POST', '/graphql', JSON.stringify({ query: print(EventsDocument), variables: { first: 5 } })));
      await entered.promise;

      // Act: begin stopping, then send more requests on the open connection and try a new one.
      const stopping = t.app.stop();
      socket.write(rawRequest('GET', '/health/ready'));
      socket.write(rawRequest('POST', '/graphql', JSON.stringify({ query: EVENTS_QUERY })));
      while (t.app.httpServer.listening) await new Promise((resolve) => setImmediate(resolve));
      await assert.rejects(fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: EVENTS_QUERY }) }));
      release.resolve();
      await stopping;
      await ended;

      // Assert: the first request was served; the later ones were refused while closing.
      assert.deepEqual(statusesIn(raw), [200, 503, 503], raw);
      assert.match(raw, /"events":\{"edges":\[\]/);
      assert.match(raw, /"status":"unavailable"/);
      assert.match(raw, /retry-after: 1/i);
    } finally {
      socket.destroy();
      await t.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
