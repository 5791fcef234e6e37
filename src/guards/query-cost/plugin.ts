// Enforces the cost cap and the caller's cost budget once per operation, after Apollo has parsed,
// validated and chosen the operation and before any resolver runs (didResolveOperation); after it
// runs, refunds requested − actual and reports `extensions.cost { requested actual budget }` on every
// executed response. Threats: a valid document that adds up to far more work than one request should
// buy (the cap), and a stream of such documents (the budget).
import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse as SentContext } from '@apollo/server';
import { auditIfLimitRefusal, flowOf } from '../../audit/limit-refusals';
import type { RequestContext } from '../../context/context';
import type { AppError } from '../../errors/app-error';
import type { BucketState } from '../../limits/ports';
import { serviceUnavailable, unavailableWarning } from '../../limits/unavailable';
import type { Logger } from '../../logging/logger';
import { budgetSpentError, costExtension } from '../cost-budget/report';
import { operationFailsClosed } from '../outage-policy';
import type { CostBudget } from '../cost-budget/budget';
import type { WalkReuse } from './actual-cost';
import { CostCache } from './cost-cache';
import { operationCost, tooComplexError, uncostableError, type CostInput } from './operation-cost';

export interface QueryCostPluginOptions {
  maxCost: number;
  budget: CostBudget;
  /** The cost of what was actually returned (for the refund), or undefined when it is not known. */
  actualCostOf(input: CostInput & { data: unknown; requested: number; reuse: WalkReuse }): number | undefined;
  logger: Logger;
}

/** What is worked out once per document, operation and variables. */
interface PricedOperation {
  /** undefined when the variables do not coerce. */
  cost: number | undefined;
  /** Kept for the actual cost's walk of every response to it. */
  reuse: WalkReuse;
}

export function queryCostPlugin({ maxCost, budget, actualCostOf, logger }: QueryCostPluginOptions): ApolloServerPlugin<RequestContext> {
  const cache = new CostCache<PricedOperation>();
  const warnUnavailable = unavailableWarning(logger);
  return {
    async requestDidStart() {
      let requested: number | undefined;
      let state: BucketState | undefined;
      /** Set once the operation is admitted to run: the walk state kept for its document and variables. */
      let ran: WalkReuse | undefined;
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue: ctx }) {
          if (!operation) return; // Apollo has already refused a document with no operation to run
          const priced = cache.get(document, operation.name?.value ?? '', request.variables ?? {}, () => ({
            cost: priceOf({ schema, document, operation, variables: request.variables }, maxCost),
            reuse: {},
          }));
          const cost = priced.cost;
          if (cost === undefined) return; // variables do not coerce: graphql refuses before execution
          if (cost > maxCost) throw tooComplexError(cost, maxCost);
          requested = cost;
          state = await budget.spend(ctx, cost);
          const refusal = budgetRefusal(state, cost, operationFailsClosed(operation), ctx.requestId);
          if (refusal) {
            await auditIfLimitRefusal(ctx.services.limitRefusals, ctx, flowOf(operation), refusal);
            throw refusal;
          }
          ctx.costBudget = { requested: cost, state };
          ran = priced.reuse;
        },
        async willSendResponse(requestContext) {
          if (requested === undefined) return;
          const actual = ran ? actualOf(requestContext, requested, ran) : undefined;
          // Shopify-style: the points paid for and not used go back (state is undefined when failing open).
          if (state && actual !== undefined && actual < requested) state = (await budget.refund(requestContext.contextValue, requested - actual)) ?? state;
          stampCost(requestContext, costExtension(requested, actual, state));
        },
      };
    },
  };

  /** Spent → RATE_LIMITED; store down → SERVICE_UNAVAILABLE for mutations (fail closed), nothing for reads and shut-offs (fail open: ../outage-policy.ts). */
  function budgetRefusal(state: BucketState | undefined, cost: number, failClosed: boolean, requestId: string): AppError | undefined {
    if (state) return state.allowed ? undefined : budgetSpentError(cost, state);
    warnUnavailable('cost budget', failClosed, requestId);
    return failClosed ? serviceUnavailable() : undefined;
  }

  /**
   * Known only for error-free responses: a failing non-null field nulls its parents, so work that ran
   * can vanish from `data`, and a refund read from it would give back points for work done.
   */
  function actualOf({ schema, document, operation, request, response }: SentContext<RequestContext>, requested: number, reuse: WalkReuse): number | undefined {
    if (response.body.kind !== 'single' || !document || !operation) return undefined;
    const { data, errors } = response.body.singleResult;
    if (!data || errors?.length) return undefined;
    const actual = actualCostOf({ schema, document, operation, variables: request.variables, data, requested, reuse });
    // At least one point per priced operation: otherwise reads of empty pages would be free and unlimited.
    return actual === undefined ? undefined : Math.max(actual, Math.min(1, requested));
  }
}

function priceOf(input: CostInput, maxCost: number): number | undefined {
  try {
    return operationCost(input);
  } catch {
    throw uncostableError(maxCost);
  }
}

/** Merges into what other plugins wrote (request-logging's `requestId`), never replaces it. */
function stampCost({ response }: SentContext<RequestContext>, cost: Record<string, unknown>): void {
  if (response.body.kind !== 'single') return;
  const result = response.body.singleResult;
  result.extensions = { ...result.extensions, cost };
}
