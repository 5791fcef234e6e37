// Query cost: every field's price is declared beside it with `@cost` (./cost-directive.ts), the
// operation is priced once before execution with graphql-query-complexity, and an operation over the
// per-request cap is refused with QUERY_TOO_COMPLEX (HTTP 400) before any resolver runs.
import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestContext } from '../../context/context';
import type { Logger } from '../../logging/logger';
import type { CostBudget } from '../cost-budget/budget';
import { safeActualCost } from './actual-cost';
import { queryCostPlugin } from './plugin';

export { actualCost, safeActualCost, type ActualCostInput } from './actual-cost';
export { costDirective } from './cost-directive';
export { operationCost } from './operation-cost';

export interface QueryCostOptions {
  /** Highest cost one operation may have (e.g. 1,000 = 50 pages of the default 20 items). Default 1,000. */
  maxCost?: number;
}

export const DEFAULT_QUERY_COST: Readonly<Required<QueryCostOptions>> = Object.freeze({ maxCost: 1000 });

export interface QueryCostGuards {
  plugins: ApolloServerPlugin<RequestContext>[];
}

/** The one place defaults are applied (an `undefined` field takes its default). */
export function resolveQueryCost(options: QueryCostOptions = {}): Required<QueryCostOptions> {
  return { maxCost: options.maxCost ?? DEFAULT_QUERY_COST.maxCost };
}

/** The cap and the budget together: one price per operation, spent from the caller's bucket. */
export function queryCostGuards(options: QueryCostOptions & { budget: CostBudget; logger: Logger }): QueryCostGuards {
  const { maxCost } = resolveQueryCost(options);
  return { plugins: [queryCostPlugin({ maxCost, budget: options.budget, logger: options.logger, actualCostOf: safeActualCost })] };
}
