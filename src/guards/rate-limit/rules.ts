// Reads the `@rateLimit` rules off a field and applies operators' overrides (RATE_LIMITS). Windows are
// written as graphql-rate-limit writes them (`ms` strings such as `60s`, `10m`).
import { getDirectiveValues, type GraphQLField, type GraphQLSchema, isObjectType } from 'graphql';
import ms from 'ms';
import { RATE_LIMIT, rateLimitDirective } from './directive';

export interface FieldRateRule {
  name: string;
  max: number;
  windowMs: number;
  per: 'CALLER' | 'ADDRESS';
  identityArgs: string[];
  arrayLengthField?: string;
  message?: string;
}

/** Operator overrides by rule name: `{ "login.perUsernameAndAddress": { max: 5, windowMs: 60000 } }`. */
export type RateLimitOverrides = Readonly<Record<string, { max: number; windowMs: number }>>;

export function windowMsOf(text: string): number {
  const value: unknown = ms(text);
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 1000) throw new Error(`"${text}" is not a window of at least one second (e.g. 60s, 10m, 1h)`);
  return value;
}

/** The field's rules, in declaration order, with overrides applied. */
export function rulesOf(field: GraphQLField<unknown, unknown>, overrides: RateLimitOverrides): FieldRateRule[] {
  const nodes = (field.astNode?.directives ?? []).filter((d) => d.name.value === RATE_LIMIT);
  return nodes.map((node) => {
    const values = getDirectiveValues(rateLimitDirective, { directives: [node] } as never) as Record<string, unknown>;
    const name = String(values.name);
    const override = Object.hasOwn(overrides, name) ? overrides[name] : undefined;
    return {
      name,
      max: override?.max ?? Number(values.max),
      windowMs: override?.windowMs ?? windowMsOf(String(values.window)),
      per: values.per as FieldRateRule['per'],
      identityArgs: (values.identityArgs as string[] | undefined) ?? [],
      arrayLengthField: values.arrayLengthField as string | undefined,
      message: values.message as string | undefined,
    };
  });
}

/** Every rule name declared in the schema (to refuse overrides of limits that do not exist). */
export function declaredRuleNames(schema: GraphQLSchema): Set<string> {
  const names = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) for (const rule of rulesOf(field, {})) names.add(rule.name);
  }
  return names;
}
