// The actual cost of an executed operation, read from its result (like Shopify's actualQueryCost),
// so a cost budget can give back what a request paid for and did not get: a page of 20 that
// returned 3 items. The walk follows the operation (never the data, so odd data cannot make it loop)
// and prices each field as the estimator does, with a page size (`first`) counted as the items
// actually returned. Threat: a refund that undercharges or overcharges; the result never exceeds the
// requested price, and a page counts at most its `first` whatever the data claims.
//
// Caveat for callers: when a non-null field fails, GraphQL nulls its parents up to the nearest
// nullable one, so work that ran can vanish from `data` (up to `data: null`). A caller that refunds
// should only do so for responses without errors.
import { getArgumentValues, getNamedType, getVariableValues, isCompositeType, type FieldNode, type GraphQLCompositeType, type GraphQLNamedType, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { declaredPrice, fieldPrice, type DeclaredPrice } from './estimator';
import { operationCost, type CostInput } from './operation-cost';
import { selectsPricedField } from './priced-selections';
import { collectResponseFields, isRecord, ownValue, type ResponseField, type WalkContext, walkContext } from './response-fields';

export interface ActualCostInput extends CostInput {
  /** The result's `data`: undefined when execution never started, null when a failure nulled the root. */
  data: unknown;
  /** The price computed before execution (the ceiling); computed here when not given. */
  requested?: number;
  /**
   * A holder the caller keeps per document, operation and variables: the walk's context (coerced
   * variables, fields collected per selection, prices) depends on nothing else, so it is made on the
   * first response and reused by the next ones.
   */
  reuse?: WalkReuse;
}

export interface WalkReuse {
  walk?: WalkContext;
}

/** Arguments that are page sizes: they count the items returned, not the items asked for. */
export const PAGE_SIZE_ARGUMENTS: ReadonlySet<string> = new Set(['first', 'last']);

/** The actual cost; throws on an uncostable document (see safeActualCost). */
export function actualCost(input: ActualCostInput): number {
  const { schema, operation, data } = input;
  const root = schema.getRootType(operation.operation);
  const ctx = root && data !== undefined ? walkContextOf(input) : undefined;
  if (!root || !ctx) return 0; // nothing was executed
  // data: null (a failure nulled the root) walks as an object with every root field missing.
  const walked = walkObject(ctx, rootSetsOf(ctx, operation), root, isRecord(data) ? data : {});
  return Math.min(walked, input.requested ?? operationCost(input) ?? walked);
}

/** The walk's context, undefined when the variables do not coerce (execution refused the request). */
function walkContextOf({ schema, document, operation, variables = {}, reuse }: ActualCostInput): WalkContext | undefined {
  if (reuse?.walk) return reuse.walk;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) return undefined;
  const ctx = walkContext(schema, document, coerced.coerced);
  if (reuse) reuse.walk = ctx;
  return ctx;
}

/** The actual cost, or undefined when it cannot be computed: never throws, never NaN. */
export function safeActualCost(input: ActualCostInput): number | undefined {
  try {
    const cost = actualCost(input);
    return Number.isFinite(cost) && cost >= 0 ? cost : undefined;
  } catch {
    return undefined;
  }
}

function rootSetsOf(ctx: WalkContext, operation: OperationDefinitionNode): readonly SelectionSetNode[] {
  let sets = ctx.roots.get(operation);
  if (!sets) ctx.roots.set(operation, (sets = [operation.selectionSet]));
  return sets;
}

function walkObject(ctx: WalkContext, sets: readonly SelectionSetNode[], declared: GraphQLCompositeType, object: Readonly<Record<string, unknown>>): number {
  let total = 0;
  for (const [key, field] of collectResponseFields(ctx, sets, declared, object)) total += fieldCost(ctx, field, ownValue(object, key));
  return total;
}

/** A list sums its elements (lists of lists too); anything that is neither list nor object costs 0. */
function walkValue(ctx: WalkContext, sets: readonly SelectionSetNode[], type: GraphQLCompositeType, value: unknown): number {
  if (Array.isArray(value)) return value.reduce<number>((total, item) => total + walkValue(ctx, sets, type, item), 0);
  return isRecord(value) ? walkObject(ctx, sets, type, value) : 0;
}

/**
 * value × multipliers (at least once: the field ran) + the selection walked over what the field
 * returned. A null or missing value (a failure, or odd data) costs the field's own value once.
 */
function fieldCost(ctx: WalkContext, { def, nodes }: ResponseField, value: unknown): number {
  const price = priceOf(ctx, def, nodes);
  if (value === null || value === undefined) return price ? price.value : 0;
  const type = getNamedType(def.type);
  const sets = setsOf(ctx, nodes);
  // A selection with nothing priced in it costs 0 whatever came back: its items are not visited.
  const child = isCompositeType(type) && selectsPricedField(ctx, sets) ? walkValue(ctx, sets, type, value) : 0;
  return price ? fieldPrice(price.value, actualFactor(ctx, price, sets, type, value), 0) + child : child;
}

/** Each page size counts the items returned, at most the number asked for (unknown: as asked); other multipliers count as requested. */
function actualFactor(ctx: WalkContext, price: DeclaredPrice, sets: readonly SelectionSetNode[], type: GraphQLNamedType, value: unknown): number {
  return price.multipliers.reduce((total, { name, factor }) => {
    const returned = PAGE_SIZE_ARGUMENTS.has(name) ? itemsReturned(ctx, sets, type, value) : undefined;
    return total * (returned === undefined ? factor : Math.min(returned, factor));
  }, 1);
}

/** A list's length, or the length of a connection's `edges` (under whatever alias); undefined when `edges` was not asked for. */
function itemsReturned(ctx: WalkContext, sets: readonly SelectionSetNode[], type: GraphQLNamedType, value: unknown): number | undefined {
  if (Array.isArray(value)) return value.length;
  if (!isRecord(value) || !isCompositeType(type)) return undefined;
  let items: number | undefined;
  for (const [key, field] of collectResponseFields(ctx, sets, type, value)) {
    const edges = ownValue(value, key);
    if (field.def.name === 'edges' && Array.isArray(edges)) items = Math.max(items ?? 0, edges.length);
  }
  return items;
}

/** The field's declared price with this request's arguments: the same for every item of a page, so read once. */
function priceOf(ctx: WalkContext, def: ResponseField['def'], nodes: readonly FieldNode[]): DeclaredPrice | undefined {
  if (ctx.prices.has(nodes)) return ctx.prices.get(nodes);
  const price = declaredPrice(def, getArgumentValues(def, nodes[0], ctx.variableValues));
  ctx.prices.set(nodes, price);
  return price;
}

function setsOf(ctx: WalkContext, nodes: readonly FieldNode[]): SelectionSetNode[] {
  let sets = ctx.setsOf.get(nodes);
  if (!sets) {
    sets = selectionSetsOf(nodes);
    ctx.setsOf.set(nodes, sets);
  }
  return sets;
}

export function selectionSetsOf(nodes: readonly FieldNode[]): SelectionSetNode[] {
  return nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
}
