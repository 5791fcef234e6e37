// How one field is priced: from its `@cost` directive, else free. graphql-query-complexity's own
// directiveEstimator declares `value: Int!` with no default and would let a negative `first` lower
// the total; this one reads our directive (defaults included) and never multiplies below zero.
import { getDirectiveValues } from 'graphql';
import type { ComplexityEstimator, ComplexityEstimatorArgs } from 'graphql-query-complexity';
import { costDirective } from './cost-directive';

/** A number multiplies as itself, a list as its length; a negative or missing one as 0 or 1. */
function multiplierOf(value: unknown): number {
  if (typeof value === 'number') return Math.max(0, value);
  if (Array.isArray(value)) return value.length;
  return 1;
}

export function costEstimator(): ComplexityEstimator {
  return ({ field, args, childComplexity }: ComplexityEstimatorArgs) => {
    const declared = field.astNode ? getDirectiveValues(costDirective, field.astNode) : undefined;
    if (!declared) return undefined;
    const names = (declared.multipliers ?? []) as string[];
    const multiplier = names.reduce((total, name) => total * multiplierOf(args[name]), 1);
    return (Number(declared.value ?? 1) + childComplexity) * multiplier;
  };
}

/** Fields without `@cost` (object scalars, connection plumbing) are free; their selection still counts. */
export function freeEstimator(): ComplexityEstimator {
  return ({ childComplexity }) => childComplexity;
}
