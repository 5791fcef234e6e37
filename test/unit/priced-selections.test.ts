// Whether a selection can cost anything: the actual cost skips every selection that cannot, so a
// wrong "no" would under-charge. A field counts when its name is priced on any type (whatever type
// it is read as), through inline and named fragments, at any depth; meta fields are free; cycles end;
// answers are kept per document.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildSchema, Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { selectsPricedField } from '../../src/guards/query-cost/priced-selections';

const schema = buildSchema(`
  directive @cost(value: Int = 1, multipliers: [String!] = []) on FIELD_DEFINITION
  type Query { page(first: Int = 10): Page! @cost(value: 1, multipliers: ["first"]) node: Node }
  type Page { items: [Item!]! total: Int }
  type Item { id: ID! name: String owner: Owner @cost(value: 2) }
  type Owner { id: ID! }
  interface Node { id: ID! views: Int @cost(value: 5) }
  type Photo implements Node { id: ID! views: Int exif: Exif @cost(value: 3) }
  type Exif { camera: String }
`);

/** Asks about the selection set of the operation's first root field, read as that field's type. */
function pricedBelowRoot(source: string): boolean {
  const document = parse(source);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const root = operation.selectionSet.selections[0];
  assert.ok(root.kind === Kind.FIELD && root.selectionSet);
  return selectsPricedField({ schema, fragments, pricedSets: new WeakMap() }, [root.selectionSet]);
}

describe('selections that can cost something', () => {
  it('when nothing below a field declares @cost, then it cannot cost anything', () => {
    assert.equal(pricedBelowRoot('{ page { total items { id name __typename } } }'), false);
    assert.equal(pricedBelowRoot('{ node { id } }'), false);
  });

  it('when a priced field is selected at any depth, then it can', () => {
    assert.equal(pricedBelowRoot('{ page { items { id owner { id } } } }'), true);
  });

  it('when the priced field comes through a named or an inline fragment, then it can', () => {
    assert.equal(pricedBelowRoot('{ page { items { ...F } } } fragment F on Item { owner { id } }'), true);
    assert.equal(pricedBelowRoot('{ node { ... on Photo { exif { camera } } } }'), true);
    assert.equal(pricedBelowRoot('{ page { items { ... { ... on Item { owner { id } } } } } }'), true);
  });

  it('when a field name is priced on some type, then it counts wherever it is selected (the type a merged field is read as cannot matter)', () => {
    assert.equal(pricedBelowRoot('{ node { views } }'), true);
    assert.equal(pricedBelowRoot('{ node { ... on Photo { views } } }'), true); // Photo.views is free, Node.views is not
  });

  it('when it is left out by @skip or @include, then it still can (the answer is static)', () => {
    assert.equal(pricedBelowRoot('{ page { items { owner @skip(if: true) { id } } } }'), true);
  });

  it('when fragments spread each other in a cycle, then the answer still comes, and is true if either holds a priced field', () => {
    assert.equal(pricedBelowRoot('{ page { items { ...A } } } fragment A on Item { id ...B } fragment B on Item { name ...A }'), false);
    assert.equal(pricedBelowRoot('{ page { items { ...A } } } fragment A on Item { id ...B } fragment B on Item { owner { id } ...A }'), true);
  });

  it('when two documents share a selection set but not their fragments, then each gets its own answer', () => {
    const first = parse('{ page { items { ...F } } } fragment F on Item { id }');
    const operation = first.definitions[0] as OperationDefinitionNode;
    const root = operation.selectionSet.selections[0];
    assert.ok(root.kind === Kind.FIELD && root.selectionSet);
    const fragmentsOf = (source: string) => new Map((parse(source).definitions as FragmentDefinitionNode[]).map((d) => [d.name.value, d]));
    const answer = (fragments: Map<string, FragmentDefinitionNode>, pricedSets: WeakMap<never, boolean>) => selectsPricedField({ schema, fragments, pricedSets }, [root.selectionSet!]);
    assert.equal(answer(fragmentsOf('fragment F on Item { id }'), new WeakMap()), false);
    assert.equal(answer(fragmentsOf('fragment F on Item { owner { id } }'), new WeakMap()), true);
  });
});
