// Whether a selection can cost anything at all: true when it selects, at any depth and through any
// fragment, a field whose NAME is priced (declares `@cost`) on some type of the schema. The actual
// cost (./actual-cost.ts) walks only such selections: the 20 items of a `comments` page select
// nothing priced, so they cannot change the price and are never visited (the walk runs on every
// response). Deliberately conservative, so a selection said to cost nothing never could, however
// the walk reads it: field names are matched on every type (so which type a merged field is read
// as cannot matter), `@skip` and `@include` are ignored, and every fragment counts.
import { isInterfaceType, isObjectType, Kind, type FragmentDefinitionNode, type GraphQLField, type GraphQLSchema, type SelectionSetNode } from 'graphql';

export interface PricedSelectionContext {
  schema: GraphQLSchema;
  /** The document's fragments by name. */
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  /**
   * Answers per selection set, for this document and schema only (a set's answer depends on the
   * document's fragments). The walk keeps it in its context, which lives as long as the document.
   */
  pricedSets: WeakMap<SelectionSetNode, boolean>;
}

/** The names of fields that declare `@cost` on any object or interface type, per schema. */
const pricedNamesBySchema = new WeakMap<GraphQLSchema, ReadonlySet<string>>();

/** True when any of these selection sets can select a priced field. */
export function selectsPricedField(ctx: PricedSelectionContext, sets: readonly SelectionSetNode[]): boolean {
  const names = pricedFieldNames(ctx.schema);
  return sets.some((set) => setIsPriced(ctx, names, set, new Set()));
}

function declaresCost(field: GraphQLField<unknown, unknown>): boolean {
  return field.astNode?.directives?.some((directive) => directive.name.value === 'cost') ?? false;
}

function pricedFieldNames(schema: GraphQLSchema): ReadonlySet<string> {
  let names = pricedNamesBySchema.get(schema);
  if (!names) {
    const found = new Set<string>();
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) && !isInterfaceType(type)) continue;
      for (const field of Object.values(type.getFields())) if (declaresCost(field)) found.add(field.name);
    }
    pricedNamesBySchema.set(schema, (names = found));
  }
  return names;
}

/** `spreads` holds the fragments being expanded on this path: a cycle (refused by validation anyway) ends the walk. */
function setIsPriced(ctx: PricedSelectionContext, names: ReadonlySet<string>, set: SelectionSetNode, spreads: Set<string>): boolean {
  const known = ctx.pricedSets.get(set);
  if (known !== undefined) return known;
  const priced = set.selections.some((selection) => {
    if (selection.kind === Kind.FIELD) {
      if (names.has(selection.name.value)) return true;
      return selection.selectionSet !== undefined && setIsPriced(ctx, names, selection.selectionSet, spreads);
    }
    if (selection.kind === Kind.INLINE_FRAGMENT) return setIsPriced(ctx, names, selection.selectionSet, spreads);
    const name = selection.name.value;
    const fragment = ctx.fragments.get(name);
    if (!fragment || spreads.has(name)) return false;
    return setIsPriced(ctx, names, fragment.selectionSet, new Set(spreads).add(name));
  });
  // A "no" reached while a fragment cycle was cut short is not the set's own answer: keep only whole ones.
  if (spreads.size === 0 || priced) ctx.pricedSets.set(set, priced);
  return priced;
}
