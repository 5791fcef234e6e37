// Which whole operations fail closed while the limits store (Redis) is down, for the guards that
// count per operation (the cost budget, the API key request rate). Reads fail open, mutations fail
// closed (src/limits/unavailable.ts), with one exception: a mutation that only takes access away.
// During an outage a leaked API key can still read, so its owner must still be able to revoke it,
// and a session must still end when its user signs out; refusing those would protect nobody.
import { Kind, type OperationDefinitionNode } from 'graphql';
import { failsClosed } from '../limits/unavailable';

/** Mutations that only shut access off: they never open a flow an outage could let through. */
export const SHUT_OFF_MUTATIONS: ReadonlySet<string> = new Set(['logout', 'revokeApiKey']);

/** Closed for every mutation but one made only of shut-offs (and `__typename`); fragments at the root count as anything else. */
export function operationFailsClosed(operation: OperationDefinitionNode): boolean {
  if (!failsClosed(operation.operation)) return false;
  if (operation.operation !== 'mutation') return true;
  return !operation.selectionSet.selections.every(
    (selection) => selection.kind === Kind.FIELD && (SHUT_OFF_MUTATIONS.has(selection.name.value) || selection.name.value === '__typename'),
  );
}
