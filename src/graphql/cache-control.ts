// `@cacheControl(maxAge, scope, inheritMaxAge)`: Apollo Server's cache hints, declared beside the
// fields and types in the resolvers and shown in the SDL, read by our cache-policy plugin (Apollo's
// rules, once per document: src/graphql/cache-policy) to compute each response's policy and its
// `Cache-Control` header. Unannotated root fields and object fields get max-age 0, so anything not
// declared cacheable is sent with `no-store` (fail closed).
import { DirectiveLocation, GraphQLBoolean, GraphQLDirective, GraphQLEnumType, GraphQLInt } from 'graphql';

export const cacheControlScope = new GraphQLEnumType({
  name: 'CacheControlScope',
  values: {
    PUBLIC: { description: 'The same for every caller: shared caches may keep it.' },
    PRIVATE: { description: 'Depends on the caller: only the caller\'s own client may keep it.' },
  },
});

export const cacheControlDirective = new GraphQLDirective({
  name: 'cacheControl',
  description: 'Cache hint: how long (seconds) and for whom a response containing this field or type may be reused. Any request with a credential is never public.',
  locations: [DirectiveLocation.FIELD_DEFINITION, DirectiveLocation.OBJECT, DirectiveLocation.INTERFACE, DirectiveLocation.UNION],
  args: {
    maxAge: { type: GraphQLInt },
    scope: { type: cacheControlScope },
    inheritMaxAge: { type: GraphQLBoolean, description: 'Take the max-age of the parent field instead of the default 0.' },
  },
});
