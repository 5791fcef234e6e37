// How one field is priced: from its `@cost` directive, else free. graphql-query-complexity's own
// directiveEstimator declares `value: Int!` with no default and would let a negative `first` lower
// the total; this one reads our directive (defaults included) and never multiplies below zero.
// `declaredPrice` is shared with the actual cost (./actual-cost.ts) so both read arguments alike.
import { getDirectiveValues, type GraphQLField } from 'graphql';
import type { ComplexityEstimator, ComplexityEstimatorArgs } from 'graphql-query-complexity';
import { costDirective } from './cost-directive';

/** A field's declared price: its own value and each multiplier argument's factor for this call. */
export interface DeclaredPrice {
  value: number;
  multipliers: Array<{ name: string; factor: number }>;
}

/** A number multiplies as itself, a list as its length; a negative or missing one as 0 or 1. */
export function multiplierOf(value: unknown): number {
  if (typeof value === 'number') return Math.max(0, value);
  if (Array.isArray(value)) return value.length;
  return 1;
}

/** The price `@cost` declares for one call with these (coerced, defaults applied) arguments; undefined when none is declared. */
export function declaredPrice(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): DeclaredPrice | undefined {
  const declared = field.astNode ? getDirectiveValues(costDirective, field.astNode) : undefined;
  if (!declared) return undefined;
  const names = (declared.multipliers ?? []) as string[];
  return { value: Number(declared.value ?? 1), multipliers: names.map((name) => ({ name, factor: multiplierOf(args[name]) })) };
}

/** The product of the multipliers' factors as requested (1 when there are none). */
export function requestedFactor(price: DeclaredPrice): number {
  return price.multipliers.reduce((total, { factor }) => total * factor, 1);
}

/**
 * (value + selection) × factor, but the field's own value at least once: a page asked for zero items
 * still runs its store query, so `first: 0` must not make a field (or a thousand aliases of it) free.
 */
export function fieldPrice(value: number, factor: number, selection: number): number {
  return value * Math.max(1, factor) + selection * factor;
}

export function costEstimator(): ComplexityEstimator {
  return ({ field, args, childComplexity }: ComplexityEstimatorArgs) => {
    const price = declaredPrice(field, args);
    if (!price) return undefined;
    return fieldPrice(price.value, requestedFactor(price), childComplexity);
  };
}

/** Fields without `@cost` (object scalars, connection plumbing) are free; their selection still counts. */
export function freeEstimator(): ComplexityEstimator {
  return ({ childComplexity }) => childComplexity;
}
