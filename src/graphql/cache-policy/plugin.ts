// Replaces Apollo's cacheControl plugin (which wraps every field's resolution to gather hints: about
// a fifth of an executed `comments` read) by one policy per document, operation and @skip/@include
// values, computed from the schema's `@cacheControl` hints by the same rules (operation-policy.ts)
// and remembered (policy-cache.ts). Like Apollo's, it decides when execution starts — after every
// guard has let the operation through — and leaves a policy someone already restricted alone (the
// cache-scope plugin's max-age 0, PRIVATE for credentialed callers); and it writes `Cache-Control`
// as Apollo does (http-header.ts). Resolvers never set hints: configured max-ages are given here.
// Install with ApolloServerPluginCacheControlDisabled(), or Apollo adds its own plugin back.
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { FieldPolicyOptions } from './field-policy';
import { isRestricted } from './hints';
import { setCacheControlHeader } from './http-header';
import { PolicyCache } from './policy-cache';

export interface CachePolicyPluginOptions extends FieldPolicyOptions {
  /** Max-ages from config by `Type.field` (e.g. `{ 'Query.comments': COMMENTS_MAX_AGE_SECONDS }`): required, so none is forgotten. */
  fieldMaxAges: Readonly<Record<string, number>>;
}

export function cachePolicyPlugin<TContext extends BaseContext>(options: CachePolicyPluginOptions): ApolloServerPlugin<TContext> {
  const cache = new PolicyCache(options);
  return {
    async requestDidStart() {
      return {
        async executionDidStart({ schema, document, operation, request, overallCachePolicy }) {
          if (isRestricted(overallCachePolicy)) return; // decided before execution (cache-scope): as Apollo, keep it
          overallCachePolicy.restrict(cache.policy({ schema, document, operation, variables: request.variables }));
        },
        async willSendResponse({ response, overallCachePolicy }) {
          setCacheControlHeader(response, overallCachePolicy);
        },
      };
    },
  };
}
