// `@cost(value, multipliers)` declared beside each field in the resolvers and shown in the SDL, so
// clients can see what a document will cost before they send it. Threat: one cheap-looking request
// that makes the server do a great deal of work (big pages, many aliases, N+1 lookups).
import { DirectiveLocation, GraphQLDirective, GraphQLInt, GraphQLList, GraphQLNonNull, GraphQLString } from 'graphql';

export const COST = 'cost';

export const costDirective = new GraphQLDirective({
  name: COST,
  description:
    'What one call of this field costs: (value + the cost of its selection) × each named argument (a number, or a list\'s length). Unannotated fields cost 0.',
  locations: [DirectiveLocation.FIELD_DEFINITION],
  args: {
    value: { type: GraphQLInt, defaultValue: 1, description: 'The cost of the field itself.' },
    multipliers: {
      type: new GraphQLList(new GraphQLNonNull(GraphQLString)),
      defaultValue: [],
      description: 'Arguments that multiply the cost, e.g. `first` of a page (its default when not given).',
    },
  },
});
