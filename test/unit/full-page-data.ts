// The equivalence behind the actual cost: for the data an operation returns when every page is full,
// the actual cost equals the price requested before execution. `fullPageData` builds that data from
// the document (each page holds its `first` items, every other list one item, an abstract field its
// first possible type with `__typename`, leaves a placeholder); `actualEqualsRequested` checks it.
import {
  getArgumentValues, getNullableType, getVariableValues, isCompositeType, isListType, isObjectType,
  type GraphQLCompositeType, type GraphQLField, type GraphQLOutputType, type FieldNode, type SelectionSetNode,
} from 'graphql';
import { actualCost, PAGE_SIZE_ARGUMENTS, selectionSetsOf } from '../../src/guards/query-cost/actual-cost';
import { declaredPrice } from '../../src/guards/query-cost/estimator';
import { operationCost, type CostInput } from '../../src/guards/query-cost/operation-cost';
import { collectResponseFields, walkContext, type WalkContext } from '../../src/guards/query-cost/response-fields';

export function fullPageData({ schema, document, operation, variables = {} }: CostInput): Record<string, unknown> {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  const root = schema.getRootType(operation.operation);
  if (coerced.errors || !root) throw new Error('the operation cannot run with these variables');
  return fillObject(walkContext(schema, document, coerced.coerced), [operation.selectionSet], root, undefined);
}

/** Both prices of the operation for full pages: equal when the actual cost is exact. */
export function actualEqualsRequested(input: CostInput): { requested: number | undefined; actual: number } {
  // An infinite ceiling: equality is the walk's own, not the clamp's.
  return { requested: operationCost(input), actual: actualCost({ ...input, data: fullPageData(input), requested: Infinity }) };
}

function fillObject(ctx: WalkContext, sets: readonly SelectionSetNode[], declared: GraphQLCompositeType, pageSize: number | undefined): Record<string, unknown> {
  const runtime = isObjectType(declared) ? declared : ctx.schema.getPossibleTypes(declared)[0];
  const object: Record<string, unknown> = { __typename: runtime.name };
  for (const [key, { def, nodes }] of collectResponseFields(ctx, sets, declared, object)) {
    const size = def.name === 'edges' ? pageSize : pageSizeOf(ctx, def, nodes[0]);
    object[key] = fill(ctx, selectionSetsOf(nodes), def.type, size);
  }
  return object;
}

/** A list holds `size` items (one when not a page); an object passes `size` on to its `edges`. */
function fill(ctx: WalkContext, sets: readonly SelectionSetNode[], type: GraphQLOutputType, size: number | undefined): unknown {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return Array.from({ length: size ?? 1 }, () => fill(ctx, sets, nullable.ofType, undefined));
  return isCompositeType(nullable) ? fillObject(ctx, sets, nullable, size) : 'x';
}

function pageSizeOf(ctx: WalkContext, def: GraphQLField<unknown, unknown>, node: FieldNode): number | undefined {
  const price = declaredPrice(def, getArgumentValues(def, node, ctx.variableValues));
  const pages = price?.multipliers.filter(({ name }) => PAGE_SIZE_ARGUMENTS.has(name)) ?? [];
  return pages.length === 0 ? undefined : pages.reduce((total, { factor }) => total * factor, 1);
}
