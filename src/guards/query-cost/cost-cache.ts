// Remembers what the cost guard works out per operation: its price, and what the walk of its
// actual cost reuses. Apollo hands the same DocumentNode object to every request with the same query
// text (its document store), and both depend only on the document, the operation and the variables;
// re-walking the document on every request cost about 13% of the `comments` throughput in the bench.
// Entries live as long as the document (WeakMap) and each document keeps at most MAX_ENTRIES
// combinations of operation and variables.
import type { DocumentNode } from 'graphql';

const MAX_ENTRIES = 64;

export class CostCache<T> {
  private readonly byDocument = new WeakMap<DocumentNode, Map<string, T>>();

  /** The entry for this document, operation and variables, computed on first use (a throw caches nothing). */
  get(document: DocumentNode, operationName: string, variables: Record<string, unknown>, compute: () => T): T {
    let entries = this.byDocument.get(document);
    if (!entries) this.byDocument.set(document, (entries = new Map()));
    const key = `${operationName}\u0000${JSON.stringify(variables)}`;
    if (entries.has(key)) return entries.get(key) as T;
    const entry = compute();
    if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string); // oldest first
    entries.set(key, entry);
    return entry;
  }
}
