// Cache hints never let a caller's response be shared or reused: a request that carries a
// credential (valid or not), or runs as anyone but the anonymous caller, gets max-age 0 and scope
// PRIVATE whatever its fields declare, so the cache-policy plugin sends `no-store` (an author
// must see their own comment on the next read, so not even their browser may keep the page).
// It also records the operation type and final policy on the request's ReadNotes for the transport's
// response cache. Threat: one user's data served from a cache to another, or a stale page to its author.
import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import type { RequestContext } from '../../context/context';
import { CREDENTIAL_HEADERS } from '../../context/credentials';

export function cacheScopePlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart(requestContext) {
      if (dependsOnCaller(requestContext)) requestContext.overallCachePolicy.restrict({ maxAge: 0, scope: 'PRIVATE' });
      return {
        async willSendResponse({ contextValue, operation, operationName, overallCachePolicy }) {
          contextValue.cache.operation = operation?.operation;
          contextValue.cache.operationName = operationName ?? null;
          contextValue.cache.policy = overallCachePolicy.policyIfCacheable();
        },
      };
    },
  };
}

export function dependsOnCaller({ contextValue, request }: GraphQLRequestContext<RequestContext>): boolean {
  if (contextValue.principal.kind !== 'anonymous' || contextValue.credentialError) return true;
  const headers = request.http?.headers;
  return !headers || CREDENTIAL_HEADERS.some((name) => headers.has(name));
}
