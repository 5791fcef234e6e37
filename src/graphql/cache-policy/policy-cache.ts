// Remembers operation cache policies per parsed document. Apollo hands the same DocumentNode object to
// every request with the same query text (its document store), and a policy depends only on the
// document, the operation and the values of the variables that @skip/@include read — so the others
// (a page cursor, an event id) share one entry. Entries live as long as the document (WeakMap) and
// each document keeps at most MAX_ENTRIES combinations, like the cost guard's CostCache.
import type { DocumentNode } from 'graphql';
import type { FieldPolicyOptions } from './field-policy';
import type { CacheHint } from './hints';
import { conditionVariables, operationCachePolicy, type OperationPolicyInput } from './operation-policy';

const MAX_ENTRIES = 64;

interface DocumentPolicies {
  /** See conditionVariables: the policy depends on these variables only. */
  readonly conditionVariables: readonly string[];
  readonly policies: Map<string, Readonly<CacheHint>>;
}

export class PolicyCache {
  private readonly byDocument = new WeakMap<DocumentNode, DocumentPolicies>();

  constructor(private readonly options: FieldPolicyOptions) {}

  policy(input: OperationPolicyInput): Readonly<CacheHint> {
    let entry = this.byDocument.get(input.document);
    if (!entry) this.byDocument.set(input.document, (entry = { conditionVariables: conditionVariables(input.document), policies: new Map() }));
    const key = keyOf(input, entry.conditionVariables);
    const known = entry.policies.get(key);
    if (known) return known;
    const policy = Object.freeze(operationCachePolicy(input, this.options));
    if (entry.policies.size >= MAX_ENTRIES) entry.policies.delete(entry.policies.keys().next().value as string); // oldest first
    entry.policies.set(key, policy);
    return policy;
  }
}

/** The operation's name and the raw values of the condition variables (absent ≠ null: absent takes the default). */
function keyOf({ operation, variables = {} }: OperationPolicyInput, names: readonly string[]): string {
  const values = names.map((name) => (Object.hasOwn(variables, name) ? JSON.stringify(variables[name]) ?? 'undefined' : '-'));
  return [operation.name?.value ?? '', ...values].join('\u0000');
}
