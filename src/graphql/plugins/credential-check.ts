// A request that presented a credential we could not accept is refused as UNAUTHENTICATED before
// execution — never served as anonymous. The context records the problem instead of throwing, so
// the refusal still passes through our plugins (request id, access log) like any other response.
import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestContext } from '../../context/context';

export function credentialCheckPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue }) {
          if (contextValue.credentialError) throw contextValue.credentialError;
        },
      };
    },
  };
}
