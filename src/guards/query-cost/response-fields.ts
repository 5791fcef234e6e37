// Which fields one object of a result was asked for, collected the way execution collects them
// (graphql's CollectFields): `@skip`/`@include` honoured with the request's variables, fragments and
// inline fragments applied when their type condition matches the object, a fragment spread twice at
// one level collected once, and fields merged by response key (an alias is its own key; the same key
// asked twice ran once). The actual cost (./actual-cost.ts) prices what these fields returned.
import {
  GraphQLIncludeDirective, GraphQLSkipDirective, getDirectiveValues, isAbstractType, isCompositeType, isInterfaceType, isObjectType, Kind,
  type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLCompositeType, type GraphQLField, type GraphQLObjectType, type GraphQLSchema,
  type NamedTypeNode, type OperationDefinitionNode, type SelectionNode, type SelectionSetNode,
} from 'graphql';
import type { DeclaredPrice } from './estimator';

export interface WalkContext {
  schema: GraphQLSchema;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  /** The operation's coerced variables (defaults applied). */
  variableValues: Readonly<Record<string, unknown>>;
  /**
   * Fields already collected for selection sets on an object type: they do not depend on the object,
   * so the 20 items of a page are collected once, not 20 times (the walk runs on every response).
   */
  collected: WeakMap<readonly SelectionSetNode[], Map<GraphQLCompositeType, Map<string, ResponseField>>>;
  /** The selection sets of each merged field, so the same array (and its `collected` entry) is reused. */
  setsOf: WeakMap<readonly FieldNode[], SelectionSetNode[]>;
  /** Each merged field's declared price with this request's arguments (undefined: not priced). */
  prices: WeakMap<readonly FieldNode[], DeclaredPrice | undefined>;
  /** Whether a selection set can select a priced field (./priced-selections.ts). */
  pricedSets: WeakMap<SelectionSetNode, boolean>;
  /** Each operation's root selection sets, one array for every response, so the memos above hit from the root down. */
  roots: WeakMap<OperationDefinitionNode, readonly SelectionSetNode[]>;
}

/** One response key: the field it runs (as declared where it was selected) and every node asking for it. */
export interface ResponseField {
  def: GraphQLField<unknown, unknown>;
  nodes: FieldNode[];
}

interface Scope {
  declared: GraphQLCompositeType;
  object: Readonly<Record<string, unknown>>;
  /** The object's concrete type, when known (see runtimeTypeOf). */
  runtime: GraphQLObjectType | undefined;
}

/** The walk's context for one operation: its document's fragments by name and its coerced variables. */
export function walkContext(schema: GraphQLSchema, document: DocumentNode, variableValues: Readonly<Record<string, unknown>>): WalkContext {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  return { schema, fragments, variableValues, collected: new WeakMap(), setsOf: new WeakMap(), prices: new WeakMap(), pricedSets: new WeakMap(), roots: new WeakMap() };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function ownValue(object: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

/** The fields asked of `object` (whose field type is `declared`) by these selection sets, by response key. */
export function collectResponseFields(ctx: WalkContext, sets: readonly SelectionSetNode[], declared: GraphQLCompositeType, object: Readonly<Record<string, unknown>>): Map<string, ResponseField> {
  const known = isObjectType(declared) ? ctx.collected.get(sets)?.get(declared) : undefined;
  if (known) return known;
  const scope: Scope = { declared, object, runtime: runtimeTypeOf(ctx, sets, declared, object) };
  const fields = new Map<string, ResponseField>();
  const visited = new Set<string>();
  for (const set of sets) collectInto(ctx, scope, set, declared, fields, visited);
  if (isObjectType(declared)) {
    const byType = ctx.collected.get(sets) ?? new Map<GraphQLCompositeType, Map<string, ResponseField>>();
    byType.set(declared, fields);
    ctx.collected.set(sets, byType);
  }
  return fields;
}

function collectInto(ctx: WalkContext, scope: Scope, set: SelectionSetNode, scopeType: GraphQLCompositeType, fields: Map<string, ResponseField>, visited: Set<string>): void {
  for (const selection of set.selections) {
    if (!isIncluded(ctx, selection)) continue;
    if (selection.kind === Kind.FIELD) {
      addField(fields, scopeType, selection);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = conditionType(ctx, selection.typeCondition) ?? scopeType;
      if (fragmentApplies(ctx, scope, type, selection.selectionSet)) collectInto(ctx, scope, selection.selectionSet, type, fields, visited);
    } else if (!visited.has(selection.name.value)) {
      visited.add(selection.name.value);
      const fragment = ctx.fragments.get(selection.name.value);
      const type = fragment && conditionType(ctx, fragment.typeCondition);
      if (type && fragmentApplies(ctx, scope, type, fragment.selectionSet)) collectInto(ctx, scope, fragment.selectionSet, type, fields, visited);
    }
  }
}

/** Meta fields (`__typename`, introspection) are free; others are priced as declared on the type they were selected on, as the estimator does. */
function addField(fields: Map<string, ResponseField>, scopeType: GraphQLCompositeType, node: FieldNode): void {
  if (node.name.value.startsWith('__')) return;
  const def = isObjectType(scopeType) || isInterfaceType(scopeType) ? scopeType.getFields()[node.name.value] : undefined;
  if (!def) return;
  const key = node.alias?.value ?? node.name.value;
  const known = fields.get(key);
  if (known) known.nodes.push(node);
  else fields.set(key, { def, nodes: [node] });
}

function isIncluded(ctx: WalkContext, node: SelectionNode): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, node, ctx.variableValues)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, ctx.variableValues)?.if !== false;
}

function conditionType(ctx: WalkContext, condition: NamedTypeNode | undefined): GraphQLCompositeType | undefined {
  const type = condition ? ctx.schema.getType(condition.name.value) : undefined;
  return type && isCompositeType(type) ? type : undefined;
}

/**
 * With a known concrete type, exactly execution's rule. Without one (an abstract field whose
 * `__typename` was not asked for), an approximation: a fragment on the field's own type applies, and
 * one on a narrower type applies when the object holds at least one of the fragment's response keys.
 * Two member types sharing a key can then both apply; the ceiling in actualCost bounds that.
 */
function fragmentApplies(ctx: WalkContext, scope: Scope, type: GraphQLCompositeType, set: SelectionSetNode): boolean {
  if (scope.runtime) return type === scope.runtime || (isAbstractType(type) && ctx.schema.isSubType(type, scope.runtime));
  if (type === scope.declared) return true;
  return isAbstractType(scope.declared) && [...responseKeys(ctx, set, new Set())].some((key) => ownValue(scope.object, key) !== undefined);
}

/** The declared type when it is an object type, else the possible type a `__typename` in the object names. */
function runtimeTypeOf(ctx: WalkContext, sets: readonly SelectionSetNode[], declared: GraphQLCompositeType, object: Readonly<Record<string, unknown>>): GraphQLObjectType | undefined {
  if (isObjectType(declared)) return declared;
  const keys = new Set(['__typename']);
  for (const set of sets) typenameKeys(ctx, set, keys, new Set());
  for (const key of keys) {
    const name = ownValue(object, key);
    const type = typeof name === 'string' ? ctx.schema.getType(name) : undefined;
    if (isObjectType(type) && ctx.schema.isSubType(declared, type)) return type;
  }
  return undefined;
}

function typenameKeys(ctx: WalkContext, set: SelectionSetNode, keys: Set<string>, seen: Set<string>): void {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === '__typename') keys.add(selection.alias?.value ?? '__typename');
    } else {
      const nested = nestedSet(ctx, selection, seen);
      if (nested) typenameKeys(ctx, nested, keys, seen);
    }
  }
}

/** Every response key a fragment asks for, through its nested fragments, `__typename` aside. */
function responseKeys(ctx: WalkContext, set: SelectionSetNode, seen: Set<string>, keys = new Set<string>()): Set<string> {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value !== '__typename') keys.add(selection.alias?.value ?? selection.name.value);
    } else {
      const nested = nestedSet(ctx, selection, seen);
      if (nested) responseKeys(ctx, nested, seen, keys);
    }
  }
  return keys;
}

/** The selection set of an inline fragment, or of a named one not seen yet on this walk (spreads may cycle in unvalidated documents). */
function nestedSet(ctx: WalkContext, selection: Exclude<SelectionNode, FieldNode>, seen: Set<string>): SelectionSetNode | undefined {
  if (selection.kind === Kind.INLINE_FRAGMENT) return selection.selectionSet;
  if (seen.has(selection.name.value)) return undefined;
  seen.add(selection.name.value);
  return ctx.fragments.get(selection.name.value)?.selectionSet;
}
