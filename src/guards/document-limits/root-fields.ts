// Threat: many root fields in one operation fan out into as many independent store queries (batching
// by another name: `a: events … b: comments … c: myPurchases …`). GraphQL Armor has no such rule, so
// this one is ours: it counts the fields of each operation's root selection set, `__typename`
// included, with root-level fragments and inline fragments counted as if inlined.
// Fragments are memoised by name (a fragment bomb of spreads-of-spreads is walked once per name) and
// a cyclic spread counts 0 instead of looping; NoFragmentCycles refuses such documents anyway.
import { Kind, type SelectionSetNode, type ValidationContext, type ValidationRule } from 'graphql';
import { documentLimitError, type LimitSetting } from './refusal';

export function maxRootFields(setting: LimitSetting): ValidationRule {
  return (context) => {
    const memo = new Map<string, number>();
    return {
      OperationDefinition(operation) {
        const count = countFields(operation.selectionSet, context, memo);
        if (count > setting.max) context.reportError(documentLimitError('rootFields', setting));
      },
    };
  };
}

function countFields(selectionSet: SelectionSetNode, context: ValidationContext, memo: Map<string, number>): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) count += 1;
    else if (selection.kind === Kind.INLINE_FRAGMENT) count += countFields(selection.selectionSet, context, memo);
    else count += fragmentFields(selection.name.value, context, memo);
  }
  return count;
}

function fragmentFields(name: string, context: ValidationContext, memo: Map<string, number>): number {
  const known = memo.get(name);
  if (known !== undefined) return known;
  memo.set(name, 0); // in progress: a cycle back to this fragment adds nothing
  const fragment = context.getFragment(name);
  const count = fragment ? countFields(fragment.selectionSet, context, memo) : 0;
  memo.set(name, count);
  return count;
}
