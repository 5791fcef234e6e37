// Document limits over real HTTP: hostile documents that fit under the 100 KB body limit are refused
// with 400 DOCUMENT_LIMIT_EXCEEDED naming the limit, before any resolver runs (a counting store shows
// that `events` never reached it), while a normal query still passes.
import assert from 'node:assert/strict';
import { getIntrospectionQuery } from 'graphql';
import { after, before, describe, it } from 'node:test';
import type { GraphQLResult } from '../helpers/client';
import { startCountingApp, type CountingApp } from '../helpers/counting-app';

// ---- helpers -------------------------------------------------------------------------------

const MAX_BODY_BYTES = 100 * 1024;
const EVENTS = 'events(first: 1) { edges { cursor } }';
const times = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => make(i)).join(' ');

/** The hostile documents of the issue, each under the body limit. */
const HOSTILE = {
  thousandAliases: `{ ${times(1000, (i) => `a${i}: ${EVENTS}`)} }`,
  fiveHundredDirectives: `{ events(first: 1) ${'@skip(if: false) '.repeat(500)}{ edges { cursor } } }`,
  tenThousandFields: `{ events(first: 1) { edges { ${'cursor '.repeat(10_000)}} } }`,
  /** Depth 4 through real fields (this schema's deepest real path is 5), refused with MAX_QUERY_DEPTH=3. */
  depthFour: '{ events(first: 1) { edges { node { id } } } }',
  elevenRootFields: `{ ${times(11, (i) => `r${i}: ${EVENTS}`)} }`,
};

/** Posts the document; asserts a 400 DOCUMENT_LIMIT_EXCEEDED naming `limit`, and that no resolver ran. */
async function assertRefused(app: CountingApp, query: string, limit: string): Promise<void> {
  assert.ok(Buffer.byteLength(JSON.stringify({ query })) < MAX_BODY_BYTES, 'the document fits under the body limit');
  const before = app.listCalls();
  const result: GraphQLResult<unknown> = await app.t.client.post({ query });
  assert.equal(result.status, 400, JSON.stringify(result.errors?.slice(0, 3)));
  assert.equal(result.data, undefined, 'nothing executed');
  const refusal = result.errors?.find((error) => error.extensions?.code === 'DOCUMENT_LIMIT_EXCEEDED');
  assert.ok(refusal, `a DOCUMENT_LIMIT_EXCEEDED error among ${JSON.stringify(result.errors?.slice(0, 3))}`);
  assert.equal(refusal.extensions?.limit, limit);
  assert.equal(app.listCalls(), before, 'no resolver reached the store');
}

// ---- tests ----------------------------------------------------------------------------------

describe('document limits over HTTP, default configuration', () => {
  let app: CountingApp;
  before(async () => {
    app = await startCountingApp();
  });
  after(() => app.stop());

  it('a normal query passes and reaches the store', async () => {
    const result = await app.t.client.post({ query: `{ ${EVENTS} }` });
    assert.equal(result.status, 200);
    assert.equal(result.errors, undefined);
    assert.equal(app.listCalls(), 1);
  });

  it('1,000 aliases of events are refused by the token limit, the first and cheapest check', async () => {
    await assertRefused(app, HOSTILE.thousandAliases, 'tokens');
  });

  it('500 directives on one field are refused by the token limit', async () => {
    await assertRefused(app, HOSTILE.fiveHundredDirectives, 'tokens');
  });

  it('10,000 repeated fields are refused by the token limit (before the quadratic overlap check)', async () => {
    await assertRefused(app, HOSTILE.tenThousandFields, 'tokens');
  });

  it('a 2 MB document is refused by the body limit (413, limit bodySize) before anything is parsed or run', async () => {
    const before = app.listCalls();
    const result = await app.t.client.post({ query: `{ ${EVENTS} } #${'x'.repeat(2 * 1024 * 1024)}` });
    assert.equal(result.status, 413);
    assert.deepEqual([result.errors?.[0]?.extensions?.code, result.errors?.[0]?.extensions?.limit], ['DOCUMENT_LIMIT_EXCEEDED', 'bodySize']);
    assert.equal(app.listCalls(), before, 'no resolver reached the store');
  });

  it('a batch of 50 operations is refused whole (batching is off) before any resolver runs', async () => {
    const before = app.listCalls();
    const result = await app.t.client.post(Array.from({ length: 50 }, () => ({ query: `{ ${EVENTS} }` })));
    assert.equal(result.status, 400);
    assert.equal(result.errors?.length, 1, 'one refusal, not 50 answers');
    assert.deepEqual([result.errors?.[0]?.extensions?.code, result.errors?.[0]?.extensions?.limit], ['DOCUMENT_LIMIT_EXCEEDED', 'batch']);
    assert.equal(app.listCalls(), before, 'no resolver reached the store');
  });

  it("Sandbox's full introspection query is served while introspection is on (the __schema field is exempt from depth only then)", async () => {
    const result = await app.t.client.post({ query: getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true }) });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  });

  it('11 root fields are refused', async () => {
    await assertRefused(app, HOSTILE.elevenRootFields, 'rootFields');
  });

  it('the refusal names the limit and its maximum outside production', async () => {
    const result = await app.t.client.post({ query: HOSTILE.elevenRootFields });
    const [error] = result.errors ?? [];
    assert.equal(error.message, 'Document exceeds the root field limit of 10');
    assert.deepEqual(error.extensions, { code: 'DOCUMENT_LIMIT_EXCEEDED', limit: 'rootFields', max: 10 });
  });
});

describe('document limits over HTTP, token limit raised (MAX_TOKENS=100000)', () => {
  let app: CountingApp;
  before(async () => {
    app = await startCountingApp({ MAX_TOKENS: '100000' });
  });
  after(() => app.stop());

  it('1,000 aliases of events are refused by the alias limit', async () => {
    await assertRefused(app, HOSTILE.thousandAliases, 'aliases');
  });

  it('500 directives on one field are refused by the directive limit', async () => {
    await assertRefused(app, HOSTILE.fiveHundredDirectives, 'directives');
  });

  it('a document deeper than MAX_QUERY_DEPTH is refused (3 here, so real fields can pass it)', async () => {
    const shallow = await startCountingApp({ MAX_QUERY_DEPTH: '3' });
    try {
      await assertRefused(shallow, HOSTILE.depthFour, 'depth');
    } finally {
      await shallow.stop();
    }
  });

  it('a limit set from the environment is the one applied (MAX_ROOT_FIELDS)', async () => {
    const custom = await startCountingApp({ MAX_ROOT_FIELDS: '2' });
    try {
      await assertRefused(custom, `{ ${times(3, (i) => `r${i}: ${EVENTS}`)} }`, 'rootFields');
    } finally {
      await custom.stop();
    }
  });
});
