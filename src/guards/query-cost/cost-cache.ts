// Remembers operation prices per parsed document. Apollo hands the same DocumentNode object to
// every request with the same query text (its document store), and a price depends only on the
// document, the operation and the variables; re-walking it on every request cost about 13% of the
// `comments` throughput in the bench. Entries live as long as the document (WeakMap) and each
// document keeps at most MAX_ENTRIES combinations of operation and variables.
import type { DocumentNode } from 'graphql';

const MAX_ENTRIES = 64;

export class CostCache {
  private readonly byDocument = new WeakMap<DocumentNode, Map<string, number | undefined>>();

  price(document: DocumentNode, operationName: string, variables: Record<string, unknown>, compute: () => number | undefined): number | undefined {
    let prices = this.byDocument.get(document);
    if (!prices) this.byDocument.set(document, (prices = new Map()));
    const key = `${operationName}\u0000${JSON.stringify(variables)}`;
    if (prices.has(key)) return prices.get(key);
    const price = compute();
    if (prices.size >= MAX_ENTRIES) prices.delete(prices.keys().next().value as string); // oldest first
    prices.set(key, price);
    return price;
  }
}
