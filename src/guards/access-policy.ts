// Enforces the access directives (access-directives.ts). Every root field must carry exactly one
// decision or the schema build fails (deny by default: a new field cannot ship unguarded). Guarded
// fields get their check wrapped around the resolver, so it runs BEFORE argument validation and a
// caller without access learns nothing about a field's input rules. Unguarded object fields are
// left untouched (no cost on the hot path).
import { defaultFieldResolver, isObjectType, Kind, type GraphQLField, type GraphQLSchema, type ValueNode } from 'graphql';
import type { Principal } from '../context/principal';
import { AppError } from '../errors/app-error';
import type { ApiKeyScope } from '../repositories/identity-ports';
import type { Role } from '../repositories/ports';
import { AUTH, PUBLIC } from './access-directives';

export type AccessRule = { kind: 'public' } | { kind: 'auth'; requires: Role; scopes: ApiKeyScope[] };

export function applyAccessPolicy(schema: GraphQLSchema): GraphQLSchema {
  const roots = new Set([schema.getQueryType(), schema.getMutationType()].filter(Boolean));
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const rule = accessRuleOf(field);
      if (!rule && roots.has(type)) throw new Error(`${type.name}.${field.name} has no access decision: add @public or @auth`);
      if (rule?.kind === 'auth') guard(field, rule);
    }
  }
  return schema;
}

export function accessRuleOf(field: GraphQLField<unknown, unknown>): AccessRule | undefined {
  const directives = field.astNode?.directives ?? [];
  const found = directives.filter((d) => d.name.value === PUBLIC || d.name.value === AUTH);
  if (found.length > 1) throw new Error(`${field.name} has more than one access decision`);
  const [directive] = found;
  if (!directive) return undefined;
  if (directive.name.value === PUBLIC) return { kind: 'public' };
  const arg = (name: string) => directive.arguments?.find((a) => a.name.value === name)?.value;
  return { kind: 'auth', requires: (enumValue(arg('requires')) ?? 'USER') as Role, scopes: enumList(arg('scopes')) as ApiKeyScope[] };
}

function guard(field: GraphQLField<unknown, unknown>, rule: Extract<AccessRule, { kind: 'auth' }>): void {
  const resolve = field.resolve ?? defaultFieldResolver;
  field.resolve = (source, args, context, info) => {
    checkAccess(rule, (context as { principal: Principal }).principal);
    return resolve(source, args, context, info);
  };
}

/** Anonymous → UNAUTHENTICATED; wrong role or missing scope → FORBIDDEN. */
export function checkAccess(rule: Extract<AccessRule, { kind: 'auth' }>, principal: Principal): void {
  if (principal.kind === 'anonymous') throw new AppError('UNAUTHENTICATED', 'You must be signed in to do this');
  if (!principal.roles.includes(rule.requires)) throw new AppError('FORBIDDEN', `This needs the ${rule.requires} role`);
  if (principal.kind === 'apiKey' && !rule.scopes.some((scope) => principal.scopes.includes(scope))) {
    const needed = rule.scopes.length > 0 ? `one of the scopes ${rule.scopes.join(', ')}` : 'a signed-in user, not an API key';
    throw new AppError('FORBIDDEN', `This needs ${needed}`);
  }
}

const enumValue = (node: ValueNode | undefined): string | undefined => (node?.kind === Kind.ENUM ? node.value : undefined);

function enumList(node: ValueNode | undefined): string[] {
  if (!node) return [];
  if (node.kind === Kind.LIST) return node.values.map(enumValue).filter((v): v is string => v !== undefined);
  const single = enumValue(node);
  return single ? [single] : [];
}
