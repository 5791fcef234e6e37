// Apollo's cache-hint rules that the app schema does not exercise yet (PRIVATE scopes, max-ages on
// types, field-level inheritMaxAge, unions, interfaces, configured max-ages on leaves), on a small
// schema where every field resolves: our plugin and the static policy must agree with Apollo's plugin.
import assert from 'node:assert/strict';
import { buildSchema, getOperationAST, parse } from 'graphql';
import { after, before, describe, it } from 'node:test';
import { operationCachePolicy } from '../../src/graphql/cache-policy';
import { PolicyCache } from '../../src/graphql/cache-policy/policy-cache';
import { policyOf, startPolicyServers, type PolicyServers } from '../helpers/cache-policy-servers';

const schema = buildSchema(`
  directive @cacheControl(maxAge: Int, scope: CacheControlScope, inheritMaxAge: Boolean) on FIELD_DEFINITION | OBJECT | INTERFACE | UNION
  enum CacheControlScope { PUBLIC PRIVATE }
  type Query {
    book: Book @cacheControl(maxAge: 60)
    inherited: Book @cacheControl(inheritMaxAge: true)
    secret: Secret
    search: [Result!]! @cacheControl(maxAge: 120)
    node: Node @cacheControl(maxAge: 90)
    count: Int
    cached: Int @cacheControl(maxAge: 10)
    configured: Int @cacheControl(maxAge: 10, scope: PUBLIC)
  }
  type Book @cacheControl(maxAge: 100) { title: String author: Author reviews: [Review!]! @cacheControl(maxAge: 20, scope: PRIVATE) }
  type Author { name: String }
  type Review @cacheControl(inheritMaxAge: true) { text: String editor: Author @cacheControl(inheritMaxAge: true) }
  type Secret @cacheControl(maxAge: 50, scope: PRIVATE) { value: String }
  union Result @cacheControl(maxAge: 15) = Book | Secret
  interface Node { id: ID! }
  type Page implements Node @cacheControl(maxAge: 40) { id: ID! title: String @cacheControl(maxAge: 5) }
`);

const book = { title: 'T', author: { name: 'A' }, reviews: [{ text: 'R', editor: { name: 'E' } }] };
const rootValue = {
  book, inherited: book, secret: { value: 'S' }, count: 1, cached: 2, configured: 3,
  search: [{ __typename: 'Book', ...book }, { __typename: 'Secret', value: 'S' }],
  node: { __typename: 'Page', id: '1', title: 'P' },
};
const fieldMaxAges = { 'Query.configured': 30 };

const CASES: [string, string, Record<string, unknown>?][] = [
  ['a field max-age over its type\'s', '{ book { title } }'],
  ['an unannotated object below', '{ book { title author { name } } }'],
  ['a PRIVATE field, inheriting types and fields below it', '{ book { reviews { text editor { name } } } }'],
  ['a type\'s max-age and PRIVATE scope on an unannotated root field', '{ secret { value } }'],
  ['a root field that inherits', '{ inherited { title } }'],
  ['a union, by inline fragments', '{ search { ... on Book { title } ... on Secret { value } } }'],
  ['a union, with __typename only', '{ search { __typename } }'],
  ['an interface and an implementation\'s field', '{ node { id ... on Page { title } } }'],
  ['an unannotated root leaf', '{ count }'],
  ['an annotated root leaf', '{ cached }'],
  ['a configured max-age replacing the declared one', '{ configured cached }'],
  ['PUBLIC and PRIVATE roots together', '{ book { title } secret { value } }'],
  ['a PRIVATE root before a PUBLIC one', '{ secret { value } configured }'],
  ['fragments and @skip', 'query($s: Boolean!) { ...Q } fragment Q on Query { cached secret @skip(if: $s) { value } }', { s: true }],
  ['fragments and @skip, not skipped', 'query($s: Boolean!) { ...Q } fragment Q on Query { cached secret @skip(if: $s) { value } }', { s: false }],
];

describe('Apollo\'s cache-hint rules, on a schema that uses them all', () => {
  let servers: PolicyServers<Record<string, never>>;
  before(async () => {
    servers = await startPolicyServers({ schema, fieldMaxAges, rootValue, context: () => ({}) });
  });
  after(() => servers?.stop());

  for (const [name, query, variables = {}] of CASES) {
    it(`when the document has ${name}, then ours and the static policy are Apollo's`, async () => {
      const apollo = await servers.apollo(query, variables);
      const ours = await servers.ours(query, variables);
      assert.equal(apollo.errors, undefined, JSON.stringify(apollo.errors));
      assert.equal(ours.header, apollo.header);
      assert.deepEqual(ours.policy, apollo.policy);
      const document = parse(query);
      assert.deepEqual(policyOf(operationCachePolicy({ schema, document, operation: getOperationAST(document)!, variables }, { fieldMaxAges })), apollo.policy);
    });
  }

  it('the rules give what Apollo documents: the smallest max-age, PRIVATE wins, unannotated objects 0', async () => {
    const headers = await Promise.all(['{ book { title } }', '{ book { reviews { text } } secret { value } }', '{ book { author { name } } }'].map((query) => servers.ours(query)));
    assert.deepEqual(headers.map((run) => run.header), ['max-age=60, public', 'max-age=20, private', 'no-store']);
  });
});

describe('the per-document policy cache', () => {
  const document = parse('query($s: Boolean!, $n: Int) { cached count @skip(if: $s) book @include(if: true) { title } }');
  const operation = getOperationAST(document)!;

  it('when only a @skip variable changes, then the policy changes with it', () => {
    const cache = new PolicyCache({});
    assert.deepEqual(policyOf(cache.policy({ schema, document, operation, variables: { s: true } })), { maxAge: 10, scope: undefined });
    assert.deepEqual(policyOf(cache.policy({ schema, document, operation, variables: { s: false } })), { maxAge: 0, scope: undefined });
    assert.deepEqual(policyOf(cache.policy({ schema, document, operation, variables: { s: true } })), { maxAge: 10, scope: undefined });
  });

  it('when another variable does not coerce, then the policy remembered for the document is still right', () => {
    const cache = new PolicyCache({});
    assert.equal(cache.policy({ schema, document, operation, variables: { s: true, n: 'not a number' } }).maxAge, 10);
    assert.equal(cache.policy({ schema, document, operation, variables: { s: true, n: 1 } }).maxAge, 10);
  });

  it('when a @skip variable does not coerce, then the policy is not cacheable', () => {
    assert.equal(new PolicyCache({}).policy({ schema, document, operation, variables: { s: 'yes' } }).maxAge, 0);
  });
});
