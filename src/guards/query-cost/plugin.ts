// Enforces the cost cap once per operation, after Apollo has parsed, validated and chosen the
// operation and before any resolver runs (didResolveOperation), and reports the price of every
// executed operation in `extensions.cost.requested`. Threat: a valid document whose pages, aliases
// and nested lookups add up to far more work than one request should buy.
import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse as SentContext } from '@apollo/server';
import type { RequestContext } from '../../context/context';
import { CostCache } from './cost-cache';
import { operationCost, tooComplexError, uncostableError } from './operation-cost';

export interface QueryCostPluginOptions {
  maxCost: number;
}

export function queryCostPlugin({ maxCost }: QueryCostPluginOptions): ApolloServerPlugin<RequestContext> {
  const cache = new CostCache();
  return {
    async requestDidStart() {
      let requested: number | undefined;
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return; // Apollo has already refused a document with no operation to run
          requested = cache.price(document, operation.name?.value ?? '', request.variables ?? {}, () => priceOf({ schema, document, operation, variables: request.variables }, maxCost));
          if (requested !== undefined && requested > maxCost) {
            const cost = requested;
            requested = undefined; // refused: nothing executed, the error carries the numbers
            throw tooComplexError(cost, maxCost);
          }
        },
        async willSendResponse(requestContext) {
          if (requested !== undefined) stampCost(requestContext, requested);
        },
      };
    },
  };
}

function priceOf(input: Parameters<typeof operationCost>[0], maxCost: number): number | undefined {
  try {
    return operationCost(input);
  } catch {
    throw uncostableError(maxCost);
  }
}

/** Merges into what other plugins wrote (request-logging's `requestId`), never replaces it. */
function stampCost({ response }: SentContext<RequestContext>, requested: number): void {
  if (response.body.kind !== 'single') return;
  const result = response.body.singleResult;
  const previous = (result.extensions?.cost ?? {}) as Record<string, unknown>;
  result.extensions = { ...result.extensions, cost: { ...previous, requested } };
}
