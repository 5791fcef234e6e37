// The cache policy of one operation, computed from the document alone: every field it may resolve,
// by Apollo's per-field rules (field-policy.ts), restricted together (the smallest max-age, PRIVATE
// wins). Fields are collected as graphql-js executes them — @skip/@include, inline fragments and
// fragment spreads by type condition — and a field returning an interface or union is walked for
// every possible object type. graphql's own meta fields (__typename, __schema, __type) restrict
// nothing, as Apollo never sees them resolve. It differs from Apollo's run-time result only where
// data is missing (a null parent, an empty list), and there it is stricter.
// Threat: a response cached longer, or more widely, than its least cacheable field allows.
import {
  getDirectiveValues, getNamedType, getVariableValues, GraphQLIncludeDirective, GraphQLSkipDirective, isAbstractType, isObjectType, Kind, typeFromAST, visit,
  type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLField, type GraphQLObjectType, type GraphQLSchema,
  type NamedTypeNode, type OperationDefinitionNode, type SelectionNode, type SelectionSetNode,
} from 'graphql';
import { fieldPolicy, type FieldPolicyOptions } from './field-policy';
import { restrictHint, type CacheHint } from './hints';

export interface OperationPolicyInput {
  schema: GraphQLSchema;
  /** A validated document (no fragment cycles, every field known). */
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** The request's variables as sent; only those of @skip/@include change the result. */
  variables?: Readonly<Record<string, unknown>>;
}

/** `{}` when nothing restricts (e.g. only __typename): Apollo then sends `no-store`, as for max-age 0. */
export function operationCachePolicy(input: OperationPolicyInput, options: FieldPolicyOptions = {}): CacheHint {
  const root = input.schema.getRootType(input.operation.operation);
  const conditions = new Set(conditionVariables(input.document));
  const definitions = (input.operation.variableDefinitions ?? []).filter((definition) => conditions.has(definition.variable.name.value));
  const coerced = getVariableValues(input.schema, definitions, input.variables ?? {});
  // A condition that does not coerce, or a null `if:`: graphql refuses the request before any field runs.
  if (!root || coerced.errors) return { maxAge: 0 };
  try {
    return new PolicyWalk(input, coerced.coerced, options).selectionSet(input.operation.selectionSet, root, true);
  } catch {
    return { maxAge: 0 };
  }
}

/** Variables named in an `if:` of @skip or @include anywhere in the document: all the policy depends on. */
export function conditionVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Directive(node) {
      if (node.name.value !== 'skip' && node.name.value !== 'include') return false;
      for (const argument of node.arguments ?? []) if (argument.value.kind === Kind.VARIABLE) names.add(argument.value.name.value);
      return false;
    },
  });
  return [...names].sort();
}

class PolicyWalk {
  private readonly fragments = new Map<string, FragmentDefinitionNode>();
  /** A selection set's policy on one object type, below the root: fragments spread many times are walked once. */
  private readonly walked = new Map<SelectionSetNode, Map<GraphQLObjectType, CacheHint>>();

  constructor(
    private readonly input: OperationPolicyInput,
    private readonly variableValues: Record<string, unknown>,
    private readonly options: FieldPolicyOptions,
  ) {
    for (const definition of input.document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) this.fragments.set(definition.name.value, definition);
    }
  }

  /** The policy of the fields `set` resolves on an object of `type`. */
  selectionSet(set: SelectionSetNode, type: GraphQLObjectType, isRoot: boolean): CacheHint {
    const known = isRoot ? undefined : this.walked.get(set)?.get(type);
    if (known) return known;
    const policy: CacheHint = {};
    for (const selection of set.selections) restrictHint(policy, this.selection(selection, type, isRoot));
    if (!isRoot) this.walked.set(set, (this.walked.get(set) ?? new Map()).set(type, policy));
    return policy;
  }

  private selection(node: SelectionNode, type: GraphQLObjectType, isRoot: boolean): CacheHint {
    if (!this.included(node)) return {};
    if (node.kind === Kind.FIELD) return this.field(node, type, isRoot);
    const fragment = node.kind === Kind.INLINE_FRAGMENT ? node : this.fragments.get(node.name.value);
    return fragment && this.applies(fragment.typeCondition, type) ? this.selectionSet(fragment.selectionSet, type, isRoot) : {};
  }

  private field(node: FieldNode, type: GraphQLObjectType, isRoot: boolean): CacheHint {
    const field = type.getFields()[node.name.value];
    if (!field) return {}; // a meta field: graphql resolves it itself, and Apollo's plugin never sees it
    const policy = fieldPolicy(type, field, isRoot, this.options);
    if (node.selectionSet) {
      for (const runtimeType of this.objectTypesOf(field)) restrictHint(policy, this.selectionSet(node.selectionSet, runtimeType, false));
    }
    return policy;
  }

  private objectTypesOf(field: GraphQLField<unknown, unknown>): readonly GraphQLObjectType[] {
    const named = getNamedType(field.type);
    if (isAbstractType(named)) return this.input.schema.getPossibleTypes(named);
    return isObjectType(named) ? [named] : [];
  }

  /** graphql-js's doesFragmentConditionMatch. */
  private applies(condition: NamedTypeNode | undefined, type: GraphQLObjectType): boolean {
    if (!condition) return true;
    const conditionType = typeFromAST(this.input.schema, condition);
    if (conditionType === type) return true;
    return isAbstractType(conditionType) && this.input.schema.isSubType(conditionType, type);
  }

  /** graphql-js's shouldIncludeNode. */
  private included(node: SelectionNode): boolean {
    if (getDirectiveValues(GraphQLSkipDirective, node, this.variableValues)?.if === true) return false;
    return getDirectiveValues(GraphQLIncludeDirective, node, this.variableValues)?.if !== false;
  }
}
