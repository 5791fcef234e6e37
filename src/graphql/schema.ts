// Builds the executable schema from the resolver classes (code-first, type-graphql), and prints it
// as the sorted SDL committed in schema/schema.graphql.
import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { buildSchema } from 'type-graphql';
import { CommentResolver } from '../resolvers/comments/resolver';
import { EventResolver } from '../resolvers/events/resolver';
import { TicketResolver } from '../resolvers/tickets/resolver';

export const resolvers = [EventResolver, TicketResolver, CommentResolver] as const;

export function buildAppSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    // class-validator on every input and args class; unknown properties cannot reach them anyway.
    validate: { forbidUnknownValues: false },
  });
}

export const SDL_HEADER = '# Generated from the code by `npm run schema:emit` (scripts/emit-schema.ts). Do not edit.\n\n';

export function printSortedSchema(schema: GraphQLSchema): string {
  return `${SDL_HEADER}${printSchema(lexicographicSortSchema(schema))}\n`;
}
