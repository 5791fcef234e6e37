// Builds the executable schema from the resolver classes (code-first, type-graphql), adds the access
// directives (and enforces them), the `@cost`, `@rateLimit` (enforced) and `@cacheControl` directives, and prints it as the sorted SDL
// committed in schema/schema.graphql.
import 'reflect-metadata';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { GraphQLEnumType, GraphQLSchema, lexicographicSortSchema } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { buildSchema } from 'type-graphql';
import { accessDirectives } from '../guards/access-directives';
import { applyAccessPolicy } from '../guards/access-policy';
import { costDirective } from '../guards/query-cost/cost-directive';
import { applyRateLimits, declaredRuleNames, rateLimitDirective, type RateLimitOverrides } from '../guards/rate-limit';
import { cacheControlDirective } from './cache-control';
import { AccountResolver } from '../resolvers/accounts/resolver';
import { TwoFactorResolver } from '../resolvers/accounts/two-factor-resolver';
import { ApiKeyResolver } from '../resolvers/api-keys/resolver';
import { AuditResolver } from '../resolvers/audit/resolver';
import { CommentResolver } from '../resolvers/comments/resolver';
import { EventResolver } from '../resolvers/events/resolver';
import { RateLimitResolver } from '../resolvers/rate-limit/resolver';
import { TicketResolver } from '../resolvers/tickets/resolver';

export const resolvers = [EventResolver, TicketResolver, CommentResolver, AccountResolver, TwoFactorResolver, ApiKeyResolver, RateLimitResolver, AuditResolver] as const;

export interface SchemaOptions {
  /** Operators' overrides of `@rateLimit` defaults by name (RATE_LIMITS); unknown names are refused. */
  rateLimitOverrides?: RateLimitOverrides;
  /** False only for benchmarks' baselines (bare Apollo, "limits off"): the `@rateLimit` fields are not wrapped. */
  enforceRateLimits?: boolean;
}

export async function buildAppSchema(options: SchemaOptions = {}): Promise<GraphQLSchema> {
  const built = await buildSchema({
    resolvers,
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    // class-validator on every input and args class; unknown properties cannot reach them anyway.
    validate: { forbidUnknownValues: false },
  });
  const config = built.toConfig();
  const [role, scope] = ['Role', 'ApiKeyScope'].map((name) => config.types.find((type) => type.name === name));
  if (!(role instanceof GraphQLEnumType) || !(scope instanceof GraphQLEnumType)) throw new Error('Role and ApiKeyScope enums are missing from the schema');
  const directives = [...config.directives, ...accessDirectives(role, scope), costDirective, rateLimitDirective, cacheControlDirective];
  const schema = new GraphQLSchema({ ...config, directives });
  const overrides = options.rateLimitOverrides ?? {};
  const unknown = Object.keys(overrides).filter((name) => !declaredRuleNames(schema).has(name));
  if (unknown.length > 0) throw new Error(`RATE_LIMITS names limits that do not exist: ${unknown.join(', ')} (see @rateLimit in schema/schema.graphql)`);
  // Rate limits first, so the access check wraps around them: a caller who may not call a field never spends its limit.
  return applyAccessPolicy(options.enforceRateLimits === false ? schema : applyRateLimits(schema, overrides));
}

export const SDL_HEADER = '# Generated from the code by `npm run schema:emit` (scripts/emit-schema.ts). Do not edit.\n\n';

export function printSortedSchema(schema: GraphQLSchema): string {
  return `${SDL_HEADER}${printSchemaWithDirectives(lexicographicSortSchema(schema))}\n`;
}
