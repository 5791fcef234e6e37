// The HTTP status of a request that a limit refused as a whole: 429 Too Many Requests (or 503 when
// the limits store was down and the operation failed closed) with `Retry-After` in whole seconds, so
// HTTP clients, proxies and SDKs back off without reading the body. "As a whole" means nothing ran
// or every root field came back null, and every error is such a refusal; a response that still
// carries data keeps its 200 and the per-field RATE_LIMITED errors.
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { RequestContext } from '../../context/context';

const REFUSALS = new Set(['RATE_LIMITED', 'SERVICE_UNAVAILABLE']);

export function refusalStatusPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          if (!errors?.length || !errors.every((e) => REFUSALS.has(String(e.extensions?.code))) || !nothingReturned(data)) return;
          response.http.status = errors.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE') ? 503 : 429;
          response.http.headers.set('retry-after', String(longestRetryAfter(errors)));
        },
      };
    },
  };
}

function nothingReturned(data: Record<string, unknown> | null | undefined): boolean {
  return !data || Object.values(data).every((value) => value === null);
}

function longestRetryAfter(errors: readonly GraphQLFormattedError[]): number {
  const seconds = errors.map((e) => Number(e.extensions?.retryAfter)).filter((n) => Number.isFinite(n) && n > 0);
  return Math.max(1, ...seconds.map(Math.ceil));
}
