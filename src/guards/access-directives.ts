// The access decision of every root field, written in the SDL so Sandbox users and generated
// clients see it: `@public`, or `@auth(requires: ROLE, scopes: [SCOPE])`. Deny by default: the
// schema build fails when a root field has neither (see access-policy.ts).
import { DirectiveLocation, GraphQLDirective, GraphQLList, GraphQLNonNull, type GraphQLEnumType } from 'graphql';
import { registerEnumType } from 'type-graphql';

export enum Role {
  USER = 'USER',
  ADMIN = 'ADMIN',
}

export enum ApiKeyScope {
  TICKETS_WRITE = 'TICKETS_WRITE',
  COMMENTS_WRITE = 'COMMENTS_WRITE',
  READ = 'READ',
}

registerEnumType(Role, { name: 'Role' });
registerEnumType(ApiKeyScope, {
  name: 'ApiKeyScope',
  valuesConfig: {
    TICKETS_WRITE: { description: 'buyTicket' },
    COMMENTS_WRITE: { description: 'postComment' },
    READ: { description: "Reading the key owner's own data (me, myPurchases)" },
  },
});

export const PUBLIC = 'public';
export const AUTH = 'auth';

/** The directive definitions, typed with the schema's own Role and ApiKeyScope enums. */
export function accessDirectives(role: GraphQLEnumType, scope: GraphQLEnumType): GraphQLDirective[] {
  return [
    new GraphQLDirective({
      name: PUBLIC,
      description: 'Anyone may call this field, signed in or not.',
      locations: [DirectiveLocation.FIELD_DEFINITION],
    }),
    new GraphQLDirective({
      name: AUTH,
      description: 'Only a signed-in user with this role, or an API key of such a user with one of these scopes (none listed: no API key), may call this field.',
      locations: [DirectiveLocation.FIELD_DEFINITION],
      args: {
        requires: { type: new GraphQLNonNull(role), defaultValue: 'USER' },
        scopes: { type: new GraphQLList(new GraphQLNonNull(scope)), defaultValue: [] },
      },
    }),
  ];
}
