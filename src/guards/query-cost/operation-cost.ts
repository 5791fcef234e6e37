// The cost of the one operation a request will execute, computed once before execution from the
// document, the resolved operation name and the request's variables (so `first: $n` is priced at
// the value of `$n`, and a `first` left out at the schema's default).
import { getVariableValues, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { AppError } from '../../errors/app-error';
import { costEstimator, freeEstimator } from './estimator';

export interface CostInput {
  schema: GraphQLSchema;
  document: DocumentNode;
  /** The operation that will run (Apollo's resolved one). */
  operation: OperationDefinitionNode;
  variables?: Record<string, unknown>;
}

/**
 * The operation's cost, or undefined when its variables do not coerce: execution then refuses the
 * request with graphql's own variable error before any resolver runs, so nothing is let through.
 */
export function operationCost({ schema, document, operation, variables = {} }: CostInput): number | undefined {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) return undefined;
  // An anonymous operation is the document's only one (graphql's LoneAnonymousOperation rule).
  return getComplexity({ schema, query: document, variables, operationName: operation.name?.value, estimators: [costEstimator(), freeEstimator()] });
}

/** QUERY_TOO_COMPLEX (HTTP 400) with both numbers, as API.md promises clients so they can shrink pages. */
export function tooComplexError(cost: number, maxCost: number): AppError {
  return new AppError('QUERY_TOO_COMPLEX', `Query cost ${cost} is over the limit of ${maxCost}`, { cost, maxCost, httpStatus: 400 });
}

/** The library gives up past its node limit (fragment bombs): refuse rather than run uncosted. */
export function uncostableError(maxCost: number): AppError {
  return new AppError('QUERY_TOO_COMPLEX', 'Query is too large to cost', { maxCost, httpStatus: 400 });
}
