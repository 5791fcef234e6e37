import assert from 'node:assert/strict';
import { parse } from 'graphql';
import { describe, it } from 'node:test';
import { CostCache } from '../../src/guards/query-cost/cost-cache';

describe('the operation price cache', () => {
  const document = parse('query Page($first: Int) { events(first: $first) { edges { cursor } } }');

  it('prices a document, operation and variables once; other variables or documents are priced anew', () => {
    const cache = new CostCache<number>();
    let computed = 0;
    const price = (doc = document, variables: Record<string, unknown> = { first: 5 }) =>
      cache.get(doc, 'Page', variables, () => (computed += 1, Number(variables.first)));
    assert.equal(price(), 5);
    assert.equal(price(), 5);
    assert.equal(computed, 1);
    assert.equal(price(document, { first: 50 }), 50);
    assert.equal(price(parse('query Page($first: Int) { events(first: $first) { edges { cursor } } }')), 5);
    assert.equal(computed, 3);
  });

  it('keeps a bounded number of variable combinations per document, forgetting the oldest', () => {
    const cache = new CostCache<number>();
    let computed = 0;
    const price = (first: number) => cache.get(document, 'Page', { first }, () => (computed += 1, first));
    for (let first = 0; first < 65; first += 1) price(first);
    assert.equal(computed, 65);
    price(64); // still cached
    assert.equal(computed, 65);
    price(0); // the oldest was forgotten
    assert.equal(computed, 66);
  });
});
