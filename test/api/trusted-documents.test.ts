// Trusted-documents mode over real HTTP (TRUSTED_DOCUMENTS_FILE = the committed
// schema/trusted-documents.json): a manifest document runs when named by hash, by documentId or by
// its full text, over POST and GET; anything else is refused with 400 DOCUMENT_NOT_TRUSTED in the
// transport, before Apollo parses it, so no resolver (and no GraphQL plugin) ever sees it.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { print } from 'graphql';
import { sha256Hex } from '../../src/config/trusted-documents';
import { EventsDocument, PostCommentDocument } from '../generated/graphql';
import { onlyError, type GraphQLResult } from '../helpers/client';
import { startCountingApp, type CountingApp } from '../helpers/counting-app';
import { startTestApp, type TestApp } from '../helpers/test-app';

// ---- helpers -------------------------------------------------------------------------------

const MANIFEST = path.resolve(__dirname, '../../../schema/trusted-documents.json');
const EVENTS_TEXT = print(EventsDocument);
const EVENTS_HASH = sha256Hex(EVENTS_TEXT);
const ARBITRARY = '{ events(first: 100) { edges { cursor } } }';
const INTROSPECTION = '{ __schema { types { name fields { name } } } }';
const EMPTY_PAGE = { events: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } } };

const persisted = (sha256Hash: string) => ({ persistedQuery: { version: 1, sha256Hash } });

/** GET with the CSRF preflight header, parsed like the client's results. */
async function get(t: TestApp, params: Record<string, string>): Promise<GraphQLResult<unknown>> {
  const response = await fetch(`${t.url}?${new URLSearchParams(params).toString()}`, { headers: { 'apollo-require-preflight': 'true' } });
  return { status: response.status, headers: response.headers, ...((await response.json()) as object) };
}

/** The JSON log entries written for one request id. */
function logEntriesOf(t: TestApp, requestId: unknown): Record<string, unknown>[] {
  return t.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.requestId === requestId);
}

// ---- tests ----------------------------------------------------------------------------------

describe('trusted-documents mode', () => {
  let app: CountingApp;
  let t: TestApp;
  before(async () => {
    app = await startCountingApp({ TRUSTED_DOCUMENTS_FILE: MANIFEST, MAX_QUERY_COST: '50' });
    t = app.t;
  });
  after(() => app.stop());

  /** Asserts the refusal: 400 DOCUMENT_NOT_TRUSTED, no data, no resolver, logged as refused, never reached Apollo. */
  async function assertRefused(send: () => Promise<GraphQLResult<unknown>>): Promise<void> {
    const calls = app.listCalls();
    const result = await send();
    assert.equal(result.status, 400);
    assert.equal(onlyError(result).extensions?.code, 'DOCUMENT_NOT_TRUSTED');
    assert.equal(result.data, undefined);
    assert.equal(app.listCalls(), calls, 'no resolver ran');
    const entries = logEntriesOf(t, result.extensions?.requestId);
    assert.ok(entries.some((entry) => entry.message === 'http refused' && entry.code === 'DOCUMENT_NOT_TRUSTED'), JSON.stringify(entries));
    assert.ok(!entries.some((entry) => entry.message === 'graphql'), 'no access line: Apollo never saw the request');
  }

  describe('a document of the manifest runs', () => {
    it('named by its hash alone (extensions.persistedQuery.sha256Hash)', async () => {
      const result = await t.client.post({ extensions: persisted(EVENTS_HASH), variables: { first: 5 } });
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      assert.deepEqual(result.data, EMPTY_PAGE);
    });

    it('named by documentId, prefixed (sha256:<hex>) or bare', async () => {
      for (const documentId of [`sha256:${EVENTS_HASH}`, EVENTS_HASH, EVENTS_HASH.toUpperCase()]) {
        const result = await t.client.post({ documentId, variables: { first: 5 } });
        assert.deepEqual([result.errors, result.data], [undefined, EMPTY_PAGE], documentId);
      }
    });

    it('sent as its full text, as the generated typed client sends it (and Apollo runs it, with an access line)', async () => {
      const result = await t.client.request(EventsDocument, { first: 5 });
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      assert.deepEqual(result.data, EMPTY_PAGE);
      assert.ok(logEntriesOf(t, result.extensions?.requestId).some((entry) => entry.message === 'graphql' && entry.operation === 'Events'));
    });

    it('over GET, named by documentId or by hash in extensions', async () => {
      const byId = await get(t, { documentId: `sha256:${EVENTS_HASH}`, variables: '{"first":5}' });
      const byHash = await get(t, { extensions: JSON.stringify(persisted(EVENTS_HASH)) });
      for (const result of [byId, byHash]) assert.deepEqual([result.status, result.errors, result.data], [200, undefined, EMPTY_PAGE]);
    });

    it('still under every guard: the same trusted document over the cost cap is QUERY_TOO_COMPLEX, and nothing runs', async () => {
      const calls = app.listCalls();
      const result = await t.client.post({ documentId: EVENTS_HASH, variables: { first: 100 } });
      assert.equal(onlyError(result).extensions?.code, 'QUERY_TOO_COMPLEX');
      assert.equal(app.listCalls(), calls);
    });

    it('a trusted mutation over GET is still refused by Apollo with 405', async () => {
      const result = await get(t, { documentId: sha256Hex(print(PostCommentDocument)), variables: '{"input":{"eventId":"x","body":"y"}}' });
      assert.equal(result.status, 405);
    });
  });

  describe('anything else is refused before Apollo parses it', () => {
    it('an arbitrary document', () => assertRefused(() => t.client.post({ query: ARBITRARY })));

    it('an introspection query', () => assertRefused(() => t.client.post({ query: INTROSPECTION })));

    it('an arbitrary document over GET', () => assertRefused(() => get(t, { query: ARBITRARY })));

    it('a trusted document with a few characters changed (its hash is not in the manifest)', () =>
      assertRefused(() => t.client.post({ query: EVENTS_TEXT.replace('cursor', 'cursor cursor'), variables: { first: 5 } })));

    it('a trusted query sent with the hash of another document', () =>
      assertRefused(() => t.client.post({ query: EVENTS_TEXT, extensions: persisted(sha256Hex(print(PostCommentDocument))) })));

    it('an unknown hash, an unknown documentId and a documentId of another algorithm', async () => {
      await assertRefused(() => t.client.post({ extensions: persisted(sha256Hex(ARBITRARY)) }));
      await assertRefused(() => t.client.post({ documentId: `sha256:${sha256Hex(ARBITRARY)}` }));
      await assertRefused(() => t.client.post({ documentId: `md5:${EVENTS_HASH.slice(0, 32)}` }));
    });

    it('an APQ registration: registering is off, so the document stays untrusted afterwards', async () => {
      const hash = sha256Hex(ARBITRARY);
      await assertRefused(() => t.client.post({ query: ARBITRARY, extensions: persisted(hash) }));
      await assertRefused(() => t.client.post({ extensions: persisted(hash) }));
    });

    it('a batch, even of trusted documents (refused by the transport as a batch, before the manifest is consulted)', async () => {
      const calls = app.listCalls();
      const result = await t.client.post([{ documentId: EVENTS_HASH }, { documentId: EVENTS_HASH }]);
      assert.equal(result.status, 400);
      assert.deepEqual([onlyError(result).extensions?.code, onlyError(result).extensions?.limit], ['DOCUMENT_LIMIT_EXCEEDED', 'batch']);
      assert.equal(app.listCalls(), calls, 'no resolver ran');
    });

    it('a request naming no document at all is left to Apollo, which refuses it unparsed with BAD_REQUEST', async () => {
      const result = await t.client.post({ variables: { first: 5 } });
      assert.deepEqual([result.status, onlyError(result).extensions?.code, result.data], [400, 'BAD_REQUEST', undefined]);
    });
  });
});

describe('trusted-documents start-up', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'flowguard-trusted-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('a manifest whose key is not the sha256 of its document stops start-up with one TRUSTED_DOCUMENTS_FILE line', async () => {
    const file = path.join(dir, 'tampered.json');
    await writeFile(file, JSON.stringify({ [EVENTS_HASH]: EVENTS_TEXT.replace('first: $first', 'first: 100') }));
    await assert.rejects(startTestApp({ env: { TRUSTED_DOCUMENTS_FILE: file } }), (error: Error & { problems?: string[] }) => {
      assert.equal(error.problems?.length, 1);
      assert.match(error.problems![0], /^TRUSTED_DOCUMENTS_FILE key "[0-9a-f]{16}…" is not the sha256 of its document$/);
      return true;
    });
  });

  it('a manifest that cannot be read stops start-up', async () => {
    await assert.rejects(startTestApp({ env: { TRUSTED_DOCUMENTS_FILE: path.join(dir, 'missing.json') } }), (error: Error & { problems?: string[] }) => {
      assert.match(error.problems?.[0] ?? '', /^TRUSTED_DOCUMENTS_FILE cannot be read: ENOENT /);
      return true;
    });
  });
});
