// Query cost as a rule, against the real schema: a page costs its `first` (a literal, a variable's
// value, or the schema's default of 20), nested lookups are multiplied by their page, fragments and
// aliases each count, only the chosen operation is priced, and a negative or zero `first` cannot
// make a page free.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { Kind, parse, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { buildAppSchema } from '../../src/graphql/schema';
import { DEFAULT_QUERY_COST, operationCost, resolveQueryCost } from '../../src/guards/query-cost';

let schema: GraphQLSchema;
before(async () => {
  schema = await buildAppSchema();
});

/** The cost of `source`'s operation `operationName` (or its only one) with these variables. */
function cost(source: string, variables?: Record<string, unknown>, operationName?: string): number | undefined {
  const document = parse(source);
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operations.find((op) => operationName === undefined || op.name?.value === operationName);
  assert.ok(operation, 'the operation exists');
  return operationCost({ schema, document, operation, variables });
}

const PAGE = '{ edges { cursor node { id } } pageInfo { hasNextPage } }';

describe('query cost of a document', () => {
  it('a literal `first` multiplies the page: events(first: 5) costs 5', () => {
    assert.equal(cost(`{ events(first: 5) ${PAGE} }`), 5);
  });

  it("a `first` left out costs the schema's default (20)", () => {
    assert.equal(cost(`{ events ${PAGE} }`), 20);
  });

  it("a `first` from a variable costs the variable's value, and its declared default when not sent", () => {
    const source = `query Page($n: Int! = 3) { events(first: $n) ${PAGE} }`;
    assert.equal(cost(source, { n: 42 }), 42);
    assert.equal(cost(source, {}), 3);
  });

  it('every alias counts: three pages of 10 cost 30', () => {
    assert.equal(cost(`{ a: events(first: 10) ${PAGE} b: events(first: 10) ${PAGE} c: comments(eventId: "x", first: 10) ${PAGE} }`), 30);
  });

  it("a nested lookup is multiplied by its page: each purchase's event costs 1 more per item", () => {
    assert.equal(cost('{ myPurchases(first: 10) { edges { node { id quantity } } } }'), 10);
    assert.equal(cost('{ myPurchases(first: 10) { edges { node { event { id name } } } } }'), 20);
  });

  it('fragments count as if inlined, and a fragment spread twice counts twice', () => {
    const source = `query { a: events(first: 4) { ...Page } b: events(first: 6) { ...Page } } fragment Page on EventConnection ${PAGE}`;
    assert.equal(cost(source), 10);
    assert.equal(cost(`{ myPurchases(first: 5) { edges { node { ...P } } } } fragment P on Purchase { event { id } }`), 10);
  });

  it('object scalars are free; single lookups, key lists and mutations have fixed prices', () => {
    assert.equal(cost('{ event(id: "x") { id name startsAt } me { id } }'), 2);
    assert.equal(cost('{ apiKeys { id } }'), 5);
    assert.equal(cost('mutation { login(input: { username: "a", password: "b" }) { __typename } }'), 10);
  });

  it('only the operation chosen by name is priced', () => {
    const source = `query Small { events(first: 1) ${PAGE} } query Big { events(first: 100) ${PAGE} }`;
    assert.equal(cost(source, {}, 'Small'), 1);
    assert.equal(cost(source, {}, 'Big'), 100);
  });

  it('a negative `first` (refused by its resolver) cannot lower the price of the rest, and costs its own value once', () => {
    assert.equal(cost(`{ a: events(first: -1000) ${PAGE} b: events(first: 10) ${PAGE} }`), 11);
  });

  it('a page of zero items still costs its own value once (it runs its store query): aliases of it are not free', () => {
    assert.equal(cost(`{ events(first: 0) ${PAGE} }`), 1);
    assert.equal(cost(`{ myPurchases(first: 0) { edges { node { event { id } } } } }`), 1);
    const aliases = Array.from({ length: 10 }, (_, i) => `a${i}: comments(eventId: "x", first: 0) ${PAGE}`).join(' ');
    assert.equal(cost(`{ ${aliases} }`), 10);
  });

  it('variables that do not coerce are left to execution to refuse (no price)', () => {
    assert.equal(cost(`query ($n: Int!) { events(first: $n) ${PAGE} }`, { n: 'many' }), undefined);
  });

  it('defaults apply in one place: maxCost 1,000 unless given', () => {
    assert.equal(DEFAULT_QUERY_COST.maxCost, 1000);
    assert.deepEqual(resolveQueryCost({}), { maxCost: 1000 });
    assert.deepEqual(resolveQueryCost({ maxCost: 50 }), { maxCost: 50 });
  });
});
