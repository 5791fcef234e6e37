// One field's cache policy by Apollo's rules (willResolveField of its cacheControl plugin): the
// return type's hint, then the field's own, then a configured max-age (what a resolver used to set at
// run time with setCacheHint); a field still without a max-age gets the default (0: fail closed) when
// it is a root field, or returns an object, interface or union that does not inherit its parent's.
// Scalars and enums below the root restrict nothing. Threat: an unannotated field made cacheable.
import { getNamedType, isCompositeType, type GraphQLField, type GraphQLObjectType } from 'graphql';
import { fieldAnnotation, replaceHint, typeAnnotation, type CacheHint } from './hints';

export interface FieldPolicyOptions {
  /** Max-age for fields without one (Apollo's defaultMaxAge); 0 by default: not cacheable. */
  defaultMaxAge?: number;
  /** Configured max-ages by `Type.field`, e.g. `{ 'Query.comments': 5 }`; they replace the declared ones. */
  fieldMaxAges?: Readonly<Record<string, number>>;
}

/** `parentType` is the object type the field is resolved on (for an interface field: each implementation). */
export function fieldPolicy(parentType: GraphQLObjectType, field: GraphQLField<unknown, unknown>, isRoot: boolean, options: FieldPolicyOptions): CacheHint {
  const policy: CacheHint = {};
  let inheritMaxAge = false;
  const target = getNamedType(field.type);
  const composite = isCompositeType(target);
  if (composite) {
    const annotation = typeAnnotation(target);
    replaceHint(policy, annotation);
    inheritMaxAge = annotation.inheritMaxAge === true;
  }
  const own = fieldAnnotation(field);
  if (own.inheritMaxAge && policy.maxAge === undefined) {
    inheritMaxAge = true;
    if (own.scope) policy.scope = own.scope;
  } else {
    replaceHint(policy, own);
  }
  const configured = options.fieldMaxAges?.[`${parentType.name}.${field.name}`];
  if (configured !== undefined) policy.maxAge = configured;
  if (policy.maxAge === undefined && ((composite && !inheritMaxAge) || isRoot)) policy.maxAge = options.defaultMaxAge ?? 0;
  return policy;
}
