// The actual cost of an executed operation, read from its data, against the real schema: a page
// costs the items it returned (never more than its `first`), nested lookups count per returned item,
// aliases, fragments and `@skip` are read as execution reads them, a failed field costs its own
// value, and odd data never throws. The walk alone (no ceiling) never exceeds the requested price,
// and equals it when every page is full.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { buildSchema, Kind, parse, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { buildAppSchema } from '../../src/graphql/schema';
import { actualCost, safeActualCost } from '../../src/guards/query-cost';
import { operationCost, type CostInput } from '../../src/guards/query-cost/operation-cost';
import { actualEqualsRequested, fullPageData } from './full-page-data';

let schema: GraphQLSchema;
before(async () => {
  schema = await buildAppSchema();
});

function input(source: string, variables: Record<string, unknown> = {}): CostInput {
  const document = parse(source);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  assert.ok(operation, 'the document has an operation');
  return { schema, document, operation, variables };
}

/** The actual cost with the requested price as its ceiling (computed), as a caller gets it. */
const actual = (source: string, data: unknown, variables?: Record<string, unknown>) => actualCost({ ...input(source, variables), data });
/** The walk alone, without the ceiling: what the tests of "never more than requested" must bound. */
const walked = (source: string, data: unknown, variables?: Record<string, unknown>) => actualCost({ ...input(source, variables), data, requested: Infinity });
const requested = (source: string, variables?: Record<string, unknown>) => operationCost(input(source, variables));

/** A connection page of `n` items built from `node(i)`. */
function page(n: number, node: (i: number) => unknown = (i) => ({ id: `n${i}` })) {
  return { edges: Array.from({ length: n }, (_, i) => ({ cursor: `c${i}`, node: node(i) })), pageInfo: { hasNextPage: false } };
}

const COMMENTS = '{ comments(eventId: "e1", first: 20) { edges { cursor node { id body } } pageInfo { hasNextPage } } }';
const PURCHASES = '{ myPurchases(first: 10) { edges { node { id event { id name } } } } }';
const purchase = (i: number) => ({ id: `p${i}`, event: { id: 'e1', name: 'Gig' } });

describe('actual cost of an executed operation', () => {
  it('when comments(first: 20) returns 3 items, then it costs 3; when it returns 20, the 20 requested', () => {
    assert.equal(actual(COMMENTS, { comments: page(3) }), 3);
    assert.equal(actual(COMMENTS, { comments: page(20) }), 20);
    assert.equal(requested(COMMENTS), 20);
    assert.equal(actual(COMMENTS, { comments: page(0) }), 1, 'an empty page still ran: its own value once');
  });

  it('when the items of a page select nothing priced, then they are never read (only the page is counted)', () => {
    let reads = 0;
    const watched = (i: number) => new Proxy({ id: `n${i}`, body: 'b' }, {
      get: (target, key, receiver) => (reads++, Reflect.get(target, key, receiver)),
      getOwnPropertyDescriptor: (target, key) => (reads++, Reflect.getOwnPropertyDescriptor(target, key)),
    });
    assert.equal(actual(COMMENTS, { comments: page(20, watched) }), 20);
    assert.equal(reads, 0);
    // Items that do select something priced are read, each once per priced field.
    let lookups = 0;
    const counted = (i: number) => new Proxy(purchase(i), { get: (target, key, receiver) => (key === 'event' && lookups++, Reflect.get(target, key, receiver)) });
    assert.equal(actual(PURCHASES, { myPurchases: page(3, counted) }), 6);
    assert.equal(lookups, 3);
  });

  it('when the walk context is reused, then later responses collect no fields again (the memos hit from the root down)', () => {
    const reuse = {};
    const source = { ...input(COMMENTS), requested: 20 }; // the plugin passes the price it computed before execution
    assert.equal(actualCost({ ...source, data: { comments: page(20) }, reuse }), 20);
    const types = ['Query', 'CommentConnection', 'CommentEdge', 'Comment'].map((name) => schema.getType(name) as { getFields(): unknown });
    const originals = types.map((type) => type.getFields);
    let lookups = 0;
    types.forEach((type, i) => { type.getFields = () => (lookups++, originals[i].call(type)); });
    try {
      assert.equal(actualCost({ ...source, data: { comments: page(7) }, reuse }), 7);
      assert.equal(lookups, 0);
    } finally {
      types.forEach((type, i) => { type.getFields = originals[i]; });
    }
  });

  it('when one walk context is reused across responses (same document and variables), then each is costed from its own data', () => {
    const reuse = {};
    const first = input(PURCHASES);
    const again = (data: unknown) => actualCost({ ...first, data, reuse });
    assert.equal(again({ myPurchases: page(4, purchase) }), 8);
    const walk = (reuse as { walk?: unknown }).walk;
    assert.ok(walk, 'the first response made the context');
    assert.equal(again({ myPurchases: page(10, purchase) }), 20);
    assert.equal(again({ myPurchases: page(1, () => ({ id: 'p', event: null })) }), 2);
    assert.equal(again({ myPurchases: page(0) }), 1);
    assert.equal((reuse as { walk?: unknown }).walk, walk, 'later responses reused it');
  });

  it("when a page's items each look up their event, then the lookup counts once per returned item", () => {
    assert.equal(requested(PURCHASES), 20);
    assert.equal(actual(PURCHASES, { myPurchases: page(4, purchase) }), 8);
    assert.equal(actual(PURCHASES, { myPurchases: page(10, purchase) }), 20);
  });

  it('when two aliases return different pages, then each counts its own items', () => {
    const source = '{ a: events(first: 10) { edges { cursor } } b: events(first: 10) { edges { cursor } } }';
    assert.equal(actual(source, { a: page(2), b: page(5) }), 7);
  });

  it('when one response key is asked for twice, then it ran once and counts once (the estimator counts both)', () => {
    const source = '{ events(first: 5) { edges { cursor } } events(first: 5) { pageInfo { hasNextPage } } }';
    assert.equal(requested(source), 10);
    assert.equal(actual(source, { events: page(5) }), 5);
  });

  it('when items come through named and inline fragments (and an aliased `edges`), then they count as inlined', () => {
    const named = '{ events(first: 10) { ...Page } } fragment Page on EventConnection { items: edges { node { id } } }';
    assert.equal(actual(named, { events: { items: page(3).edges } }), 3);
    const inline = '{ myPurchases(first: 10) { edges { node { ... on Purchase { event { id } } ...P } } } } fragment P on Purchase { id }';
    assert.equal(actual(inline, { myPurchases: page(4, purchase) }), 8);
  });

  it('when `edges` was not asked for, then the page counts as requested (its items cannot be seen)', () => {
    assert.equal(actual('{ events(first: 15) { pageInfo { hasNextPage } } }', { events: { pageInfo: { hasNextPage: true } } }), 15);
  });

  it('when @skip(if: $v) or @include(if: $v) leaves a field out, then it is not charged (not even as missing)', () => {
    const source = 'query ($skip: Boolean!) { myPurchases(first: 5) { edges { node { id event @skip(if: $skip) { id } } } } }';
    const withoutEvents = { myPurchases: page(5, (i) => ({ id: `p${i}` })) };
    assert.equal(actual(source, withoutEvents, { skip: true }), 5);
    assert.equal(actual(source, { myPurchases: page(5, purchase) }, { skip: false }), 10);
    assert.equal(actual('query ($on: Boolean = false) { events(first: 9) @include(if: $on) { edges { cursor } } }', {}), 0);
  });

  it('when a field fails (null), then it costs its own value once and nothing for its selection', () => {
    assert.equal(actual('{ event(id: "missing") { id } }', { event: null }), 1);
    assert.equal(actual(PURCHASES, { myPurchases: page(4, (i) => ({ id: `p${i}`, event: null })) }), 8);
    assert.equal(actual('{ a: comments(eventId: "gone", first: 50) { edges { cursor } } b: events(first: 3) { edges { cursor } } }', { a: null, b: page(3) }), 4);
  });

  it('when a page of zero items fails or comes back empty, then it costs its own value once, as requested (its store query ran)', () => {
    assert.equal(actual('{ comments(eventId: "gone", first: 0) { edges { cursor } } }', { comments: null }), 1);
    assert.equal(actual('{ a: events(first: 0) { edges { cursor } } b: events(first: 0) { edges { cursor } } }', { a: page(0), b: page(0) }), 2);
    assert.equal(actual('{ events(first: 20) { edges { cursor } } }', { events: page(0) }), 1);
  });

  it('when a failure nulls the whole data, then each root field costs its own value once', () => {
    const source = '{ events(first: 20) { edges { cursor } } comments(eventId: "gone") { edges { cursor } } }';
    assert.equal(actual(source, null), 2);
  });

  it('when login returns either member of LoginResult, with or without __typename, then it costs 10', () => {
    const source = 'mutation { login(input: { username: "a", password: "b" }) { ... on AuthPayload { accessToken user { id } } ... on TwoFactorChallenge { challengeToken } } }';
    assert.equal(actual(source, { login: { __typename: 'AuthPayload', accessToken: 't', user: { id: 'u' } } }), 10);
    assert.equal(actual(source, { login: { challengeToken: 'c' } }), 10);
    assert.equal(actual(source, { login: null }), 10);
  });

  it('when a mutation ran, then it costs its flat 10 plus any priced lookup it returned', () => {
    assert.equal(actual('mutation { postComment(input: { eventId: "e", body: "hi" }) { id author { id } } }', { postComment: { id: 'c', author: { id: 'u' } } }), 10);
    assert.equal(actual('mutation { buyTicket(input: { eventId: "e", quantity: 1, idempotencyKey: "k-123456" }) { id event { id } } }', { buyTicket: { id: 'p', event: { id: 'e' } } }), 11);
  });

  it('when nothing was executed (no data, or variables that do not coerce), then it costs 0', () => {
    assert.equal(actual(COMMENTS, undefined), 0);
    assert.equal(actual('query ($n: Int!) { events(first: $n) { edges { cursor } } }', { events: page(3) }, { n: 'many' }), 0);
    assert.equal(actual('{ __typename }', {}), 0);
  });

  it('when the data has the wrong shapes, then nothing throws and the price stays within the requested', () => {
    const odd: unknown[] = ['text', 42, [], [[1]], { comments: 'x' }, { comments: [] }, { comments: { edges: {} } },
      { comments: { edges: [null, 5, 'x', [], { node: 42 }, { node: [[{ id: 1 }]] }] } }, { comments: { edges: 'many', pageInfo: null } }];
    for (const data of odd) {
      const cost = actual(COMMENTS, data);
      assert.ok(cost >= 0 && cost <= 20, `${JSON.stringify(data)} costs ${cost}`);
      assert.equal(safeActualCost({ ...input(COMMENTS), data }), cost);
    }
    assert.equal(safeActualCost({ ...input(PURCHASES), data: { myPurchases: { edges: [{ node: { event: 'e' } }, { node: null }] } } }), 3);
  });

  it('when a page claims more items than its `first`, then it counts `first` (the ceiling bounds its items\' lookups)', () => {
    assert.equal(walked(COMMENTS, { comments: page(500) }), 20);
    assert.equal(actual(PURCHASES, { myPurchases: page(30, purchase) }), 20);
  });

  it('when the document cannot be walked (refused by validation, e.g. @skip without `if`), then the safe wrapper gives undefined', () => {
    const bad = { ...input('{ events(first: 3) @skip { edges { cursor } } }'), data: { events: page(3) } };
    assert.throws(() => actualCost(bad));
    assert.equal(safeActualCost(bad), undefined);
  });
});

describe('actual cost against the requested price', () => {
  const OPERATIONS: Array<[string, Record<string, unknown>?]> = [
    [COMMENTS], [PURCHASES], ['{ events { edges { node { id } } pageInfo { endCursor } } }'],
    ['query ($n: Int! = 3) { events(first: $n) { edges { cursor } } }', { n: 42 }],
    ['{ a: myPurchases(first: 7) { ...P } b: myPurchases(first: 2) { ...P } } fragment P on PurchaseConnection { edges { node { event { id } } } }'],
    ['{ myPurchases(first: 5) { edges { node { ... on Purchase { event { id } } } } } event(id: "x") { id } me { id } apiKeys { id } }'],
    ['query ($s: Boolean!) { myPurchases(first: 6) { edges { node { event @skip(if: $s) { id } } } } }', { s: false }],
    ['query ($s: Boolean!) { myPurchases(first: 6) { edges { node { event @skip(if: $s) { id } } } } }', { s: true }],
    ['mutation { login(input: { username: "a", password: "b" }) { ... on AuthPayload { user { id } } } }'],
    ['{ events(first: 0) { edges { cursor } } }'], ['{ events(first: -5) { edges { cursor } } }'],
  ];

  it('when every page is full, then the actual cost equals the requested price (the walk alone, no ceiling)', () => {
    for (const [source, variables] of OPERATIONS) {
      const { requested: price, actual: cost } = actualEqualsRequested(input(source, variables));
      assert.equal(cost, price, source);
    }
  });

  it('when pages are short or items fail, then the walk alone stays at or under the requested price', () => {
    for (const [source, variables] of OPERATIONS) {
      const full = JSON.stringify(fullPageData(input(source, variables)));
      const short = JSON.parse(full, (key, value) => (key === 'edges' && Array.isArray(value) ? value.slice(0, 1) : value));
      const failed = JSON.parse(full, (key, value) => (key === 'event' ? null : value));
      for (const data of [short, failed, {}, null]) {
        const cost = walked(source, data, variables);
        assert.ok(cost <= (requested(source, variables) ?? 0), `${source} with ${JSON.stringify(data)} costs ${cost}`);
      }
    }
  });

  it('when a ceiling is given, then it is the one used (the caller already priced the operation)', () => {
    assert.equal(actualCost({ ...input(COMMENTS), data: { comments: page(20) }, requested: 12 }), 12);
  });
});

describe('actual cost of abstract fields and unpriced lists (a small schema of its own)', () => {
  // The app schema has no priced field under a union or interface, nor a priced field under a list
  // without a page size: this one does, to pin the type-condition rules and the ceiling.
  const sdl = buildSchema(`
    directive @cost(value: Int = 1, multipliers: [String!] = []) on FIELD_DEFINITION
    type Query { search(first: Int = 10): [Result!]! @cost(value: 1, multipliers: ["first"]) node: Node @cost(value: 1) tags: [Tag!]! }
    union Result = Photo | Video
    interface Node { id: ID! views: Int @cost(value: 5) }
    type Photo implements Node { id: ID! views: Int url: String! exif: Exif @cost(value: 3) }
    type Video implements Node { id: ID! views: Int url: String! transcript: Transcript @cost(value: 7) }
    type Exif { camera: String }
    type Transcript { text: String }
    type Tag { name: String! owner: Owner @cost(value: 2) }
    type Owner { id: ID! }
  `);
  const own = (source: string): CostInput => ({ ...input(source), schema: sdl });
  const SEARCH = '{ search(first: 10) { ... on Photo { exif { camera } } ... on Video { transcript { text } } } }';

  it('when items name their type (__typename, even aliased), then only the matching fragment counts', () => {
    assert.equal(operationCost(own(SEARCH)), 80);
    const data = { search: [{ __typename: 'Photo', exif: {} }, { __typename: 'Video', transcript: {} }] };
    assert.equal(actualCost({ ...own(SEARCH), data }), 2 + 3 + 7);
    const aliased = '{ search(first: 10) { kind: __typename ... on Video { transcript { text } } } }';
    assert.equal(actualCost({ ...own(aliased), data: { search: [{ kind: 'Photo' }, { kind: 'Video', transcript: {} }] } }), 2 + 7);
  });

  it('when items do not name their type, then a fragment counts only if the item holds one of its keys', () => {
    const data = { search: [{ exif: { camera: 'x' } }, { transcript: { text: 't' } }, { other: 1 }] };
    assert.equal(actualCost({ ...own(SEARCH), data }), 3 + 3 + 7);
  });

  it("when a fragment's condition is the field's own abstract type, then it always counts", () => {
    const source = '{ node { ... on Node { id } ... on Photo { exif { camera } } } }';
    assert.equal(actualCost({ ...own(source), data: { node: { id: 'p', exif: {} } } }), 1 + 3);
    assert.equal(actualCost({ ...own(source), data: { node: { id: 'v' } } }), 1);
    // Even holding none of its keys: `views` was asked of every Node, so its absence is charged as a failure.
    assert.equal(actualCost({ ...own('{ node { ... on Node { views } } }'), data: { node: { id: 'v' } } }), 1 + 5);
  });

  it('when two members share a key and no __typename is sent, then both fragments count, and the ceiling bounds it', () => {
    const source = '{ search(first: 1) { ... on Photo { url exif { camera } } ... on Video { url transcript { text } } } }';
    const data = { search: [{ url: 'u', exif: {} }] };
    assert.equal(actualCost({ ...own(source), data, requested: Infinity }), 1 + 3 + 7); // Video's transcript counted as missing
    assert.equal(actualCost({ ...own(source), data }), operationCost(own(source)));
    assert.equal(operationCost(own(source)), 8);
  });

  it('when fragments spread each other in a cycle (a document validation refuses), then the walk still ends', () => {
    const source = '{ search(first: 2) { ...A } } fragment A on Result { ...B ... on Photo { exif { camera } } } fragment B on Result { ...A }';
    assert.equal(safeActualCost({ ...own(source), data: { search: [{ exif: {} }] } }), 1 + 3);
  });

  it('when a list without a page size holds priced items, then the walk counts each and the ceiling keeps the requested price', () => {
    const data = { tags: Array.from({ length: 5 }, () => ({ name: 't', owner: { id: 'o' } })) };
    assert.equal(actualCost({ ...own('{ tags { owner { id } } }'), data, requested: Infinity }), 10);
    assert.equal(actualCost({ ...own('{ tags { owner { id } } }'), data }), 2);
  });
});

describe('actual cost when one response key merges fields of different types (an interface and its object type)', () => {
  // The walk reads every merged sub-selection as the first field's type (Iface2, where `p` is priced);
  // the selection skip must never make the cost lower than that walk.
  const sdl = buildSchema(`
    directive @cost(value: Int = 1, multipliers: [String!] = []) on FIELD_DEFINITION
    type Query { page(first: Int = 10): [Obj!]! @cost(value: 1, multipliers: ["first"]) }
    interface Iface { x: Iface2 }
    type Obj implements Iface { x: Obj2 }
    interface Iface2 { a: Int p: Int @cost(value: 7) }
    type Obj2 implements Iface2 { a: Int p: Int }
  `);
  const own = (source: string): CostInput => ({ ...input(source), schema: sdl });

  it('when `p` is selected through the object type but merged with the interface selection, then it is still walked', () => {
    const source = '{ page(first: 10) { ... on Iface { x { a } } x { p } } }';
    const data = { page: [{ x: { a: 1, p: 2 } }, { x: { a: 1, p: 2 } }] };
    assert.equal(actualCost({ ...own(source), data, requested: Infinity }), 2 + 2 * 7);
    assert.equal(actualCost({ ...own(source), data }), operationCost(own(source)));
  });
});
