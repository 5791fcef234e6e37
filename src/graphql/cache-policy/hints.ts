// Cache hints as Apollo Server reads them from `@cacheControl` in the schema's AST, and the two ways
// Apollo combines them (replace, restrict), reproduced from @apollo/server 5
// (dist/cjs/plugin/cacheControl/index.js, cachePolicy.js) so our static policy cannot drift from the
// per-field one it replaces. Threat: a response declared cacheable (or PUBLIC) that Apollo's own rules
// would not have cached — one caller's page served to another, or a stale one.
import type { ConstDirectiveNode, DirectiveNode, FieldDefinitionNode, GraphQLCompositeType, GraphQLField } from 'graphql';

export type CacheScope = 'PUBLIC' | 'PRIVATE';

export interface CacheHint {
  maxAge?: number;
  scope?: CacheScope;
}

/** A hint as declared: `inheritMaxAge: true` means "take the parent's max-age", never with a maxAge. */
export interface CacheAnnotation extends CacheHint {
  inheritMaxAge?: true;
}

/** Apollo's `replace`: whatever the hint sets wins. */
export function replaceHint(target: CacheHint, hint: CacheHint): void {
  if (hint.maxAge !== undefined) target.maxAge = hint.maxAge;
  if (hint.scope !== undefined) target.scope = hint.scope;
}

/** Apollo's `restrict`: the smaller max-age wins, and PRIVATE once set stays. */
export function restrictHint(target: CacheHint, hint: CacheHint): void {
  if (hint.maxAge !== undefined && (target.maxAge === undefined || hint.maxAge < target.maxAge)) target.maxAge = hint.maxAge;
  if (hint.scope !== undefined && target.scope !== 'PRIVATE') target.scope = hint.scope;
}

export const isRestricted = (hint: CacheHint): boolean => hint.maxAge !== undefined || hint.scope !== undefined;

const typeAnnotations = new WeakMap<GraphQLCompositeType, CacheAnnotation>();
const fieldAnnotations = new WeakMap<GraphQLField<unknown, unknown>, CacheAnnotation>();

/** The type's `@cacheControl` (its definition first, then its extensions); {} when none. */
export function typeAnnotation(type: GraphQLCompositeType): CacheAnnotation {
  let annotation = typeAnnotations.get(type);
  if (!annotation) {
    const nodes = [type.astNode, ...(type.extensionASTNodes ?? [])];
    annotation = nodes.map((node) => annotationFrom(node?.directives)).find((found) => found !== undefined) ?? {};
    typeAnnotations.set(type, annotation);
  }
  return annotation;
}

/** The field's `@cacheControl` (its definition only, as Apollo); {} when none. */
export function fieldAnnotation(field: GraphQLField<unknown, unknown>): CacheAnnotation {
  let annotation = fieldAnnotations.get(field);
  if (!annotation) {
    annotation = annotationFrom((field.astNode as FieldDefinitionNode | null | undefined)?.directives) ?? {};
    fieldAnnotations.set(field, annotation);
  }
  return annotation;
}

/** Literal arguments only, as Apollo: an argument given any other way is ignored. */
function annotationFrom(directives: readonly (DirectiveNode | ConstDirectiveNode)[] | undefined): CacheAnnotation | undefined {
  const directive = directives?.find((node) => node.name.value === 'cacheControl');
  if (!directive?.arguments) return undefined;
  const argument = (name: string) => directive.arguments?.find((node) => node.name.value === name)?.value;
  const scopeValue = argument('scope');
  const scopeName = scopeValue?.kind === 'EnumValue' ? scopeValue.value : undefined;
  const scope = scopeName === 'PUBLIC' || scopeName === 'PRIVATE' ? scopeName : undefined;
  const inherit = argument('inheritMaxAge');
  if (inherit?.kind === 'BooleanValue' && inherit.value) return { inheritMaxAge: true, scope };
  const maxAge = argument('maxAge');
  return { maxAge: maxAge?.kind === 'IntValue' ? parseInt(maxAge.value, 10) : undefined, scope };
}
