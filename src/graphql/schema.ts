// Builds the executable schema from the resolver classes (code-first, type-graphql), adds the access
// directives (and enforces them), the `@cost` and `@cacheControl` directives, and prints it as the sorted SDL
// committed in schema/schema.graphql.
import 'reflect-metadata';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { GraphQLEnumType, GraphQLSchema, lexicographicSortSchema } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { buildSchema } from 'type-graphql';
import { accessDirectives } from '../guards/access-directives';
import { applyAccessPolicy } from '../guards/access-policy';
import { costDirective } from '../guards/query-cost/cost-directive';
import { cacheControlDirective } from './cache-control';
import { AccountResolver } from '../resolvers/accounts/resolver';
import { TwoFactorResolver } from '../resolvers/accounts/two-factor-resolver';
import { ApiKeyResolver } from '../resolvers/api-keys/resolver';
import { CommentResolver } from '../resolvers/comments/resolver';
import { EventResolver } from '../resolvers/events/resolver';
import { TicketResolver } from '../resolvers/tickets/resolver';

export const resolvers = [EventResolver, TicketResolver, CommentResolver, AccountResolver, TwoFactorResolver, ApiKeyResolver] as const;

export async function buildAppSchema(): Promise<GraphQLSchema> {
  const built = await buildSchema({
    resolvers,
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    // class-validator on every input and args class; unknown properties cannot reach them anyway.
    validate: { forbidUnknownValues: false },
  });
  const config = built.toConfig();
  const [role, scope] = ['Role', 'ApiKeyScope'].map((name) => config.types.find((type) => type.name === name));
  if (!(role instanceof GraphQLEnumType) || !(scope instanceof GraphQLEnumType)) throw new Error('Role and ApiKeyScope enums are missing from the schema');
  return applyAccessPolicy(new GraphQLSchema({ ...config, directives: [...config.directives, ...accessDirectives(role, scope), costDirective, cacheControlDirective] }));
}

export const SDL_HEADER = '# Generated from the code by `npm run schema:emit` (scripts/emit-schema.ts). Do not edit.\n\n';

export function printSortedSchema(schema: GraphQLSchema): string {
  return `${SDL_HEADER}${printSchemaWithDirectives(lexicographicSortSchema(schema))}\n`;
}
