// `@rateLimit` declared beside each sensitive field and printed in the SDL, so Sandbox users and
// generated clients see every limit. The arguments are graphql-rate-limit's own (`max`, `window`,
// `identityArgs`, `arrayLengthField`, `message`), plus `name` (the key operators use to override the
// limit from config) and `per` (whose calls are counted). Repeatable: login is limited per username
// and address AND per address. Threat: credential stuffing, sign-up farms, scalping and comment
// floods through one field, whatever the shape of the requests carrying it.
import { DirectiveLocation, GraphQLDirective, GraphQLEnumType, GraphQLInt, GraphQLList, GraphQLNonNull, GraphQLString } from 'graphql';

export const RATE_LIMIT = 'rateLimit';

export const rateLimitKeyEnum = new GraphQLEnumType({
  name: 'RateLimitKey',
  description: 'Whose calls a `@rateLimit` counts.',
  values: {
    CALLER: { description: 'The API key, else the signed-in user, else the client address.' },
    ADDRESS: { description: 'The client address (behind TRUST_PROXY hops), whoever is signed in.' },
  },
});

export const rateLimitDirective = new GraphQLDirective({
  name: RATE_LIMIT,
  description:
    'At most `max` calls per `window` for each `per` key (and each value of `identityArgs`). Every alias, batched operation and element of `arrayLengthField` counts. Over the limit: RATE_LIMITED with `retryAfter` seconds. Operators may override a limit by `name` (RATE_LIMITS).',
  locations: [DirectiveLocation.FIELD_DEFINITION],
  isRepeatable: true,
  args: {
    name: { type: new GraphQLNonNull(GraphQLString), description: 'The limit\'s name in RATE_LIMITS overrides.' },
    max: { type: new GraphQLNonNull(GraphQLInt), description: 'Calls allowed per window (the default; see RATE_LIMITS).' },
    window: { type: new GraphQLNonNull(GraphQLString), description: 'Window length, e.g. `60s`, `10m`, `1h`.' },
    per: { type: new GraphQLNonNull(rateLimitKeyEnum), defaultValue: 'CALLER' },
    identityArgs: { type: new GraphQLList(new GraphQLNonNull(GraphQLString)), defaultValue: [], description: 'Argument paths that split the count, e.g. `input.username`.' },
    arrayLengthField: { type: GraphQLString, description: 'An array argument whose every element counts as one call.' },
    message: { type: GraphQLString },
  },
});
