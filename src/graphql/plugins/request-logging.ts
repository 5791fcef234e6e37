// One access line per operation (name, type, duration, outcome, error codes — never variables or
// documents, which may hold secrets), the full error behind every unexpected failure, and the
// request id in `extensions.requestId` of every response and of every internal error.
import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse as SentContext } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLError } from 'graphql';
import type { RequestContext } from '../../context/context';
import { isAppError } from '../../errors/app-error';
import { errorCodes, protocolErrorCodes } from '../../errors/codes';
import { isApolloRequestError } from '../../errors/format-error';

const knownCodes = new Set<string>([...Object.keys(errorCodes), ...protocolErrorCodes]);

export function requestLoggingPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ contextValue }) {
      const startedAt = performance.now();
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            if (isUnexpected(error)) {
              contextValue.logger.error('unexpected error', { requestId: contextValue.requestId, path: error.path, error: unwrapResolverError(error) });
            }
          }
        },
        async willSendResponse(requestContext) {
          stampRequestId(requestContext);
          logAccess(requestContext, performance.now() - startedAt);
        },
      };
    },
  };
}

function isUnexpected(error: GraphQLError): boolean {
  const original = unwrapResolverError(error);
  if (isAppError(original) || isApolloRequestError(original)) return false;
  const code = error.extensions?.code;
  return !(typeof code === 'string' && knownCodes.has(code) && code !== 'INTERNAL_SERVER_ERROR');
}

function stampRequestId({ response, contextValue }: SentContext<RequestContext>): void {
  if (response.body.kind !== 'single') return;
  const result = response.body.singleResult;
  result.extensions = { ...result.extensions, requestId: contextValue.requestId };
  result.errors = result.errors?.map((error) =>
    error.extensions?.code === 'INTERNAL_SERVER_ERROR' ? { ...error, extensions: { ...error.extensions, requestId: contextValue.requestId } } : error,
  );
}

function logAccess({ response, contextValue, operationName, operation }: SentContext<RequestContext>, durationMs: number): void {
  const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
  const codes = [...new Set(errors.map((error) => String(error.extensions?.code ?? 'UNKNOWN')))];
  const { principal } = contextValue;
  contextValue.logger.info('graphql', {
    requestId: contextValue.requestId,
    operation: operationName ?? null,
    type: operation?.operation ?? null,
    outcome: errors.length === 0 ? 'ok' : 'error',
    errorCodes: codes,
    durationMs: Math.round(durationMs * 10) / 10,
    principal: principal.kind === 'user' ? `user:${principal.userId}` : principal.kind,
    clientAddress: contextValue.clientAddress,
  });
}
