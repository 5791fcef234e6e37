// Every API key gets a plain request rate too (default 100 operations a minute), on top of the cost
// budget and the per-field limits: integrations are scripts, and a leaked or buggy one should hit a
// wall quickly. Counted per operation, so every batched operation counts.
import type { ApolloServerPlugin } from '@apollo/server';
import { auditIfLimitRefusal, flowOf } from '../../audit/limit-refusals';
import type { RequestContext } from '../../context/context';
import { AppError } from '../../errors/app-error';
import { LimitStoreUnavailable, type CounterStore } from '../../limits/ports';
import { serviceUnavailable, unavailableWarning } from '../../limits/unavailable';
import { operationFailsClosed } from '../outage-policy';
import type { Logger } from '../../logging/logger';

export function apiKeyRequestsPlugin(counters: CounterStore, perMinute: number, logger: Logger): ApolloServerPlugin<RequestContext> {
  const rule = { limit: perMinute, windowMs: 60_000 };
  const warnUnavailable = unavailableWarning(logger);
  return {
    async requestDidStart({ contextValue }) {
      if (contextValue.principal.kind !== 'apiKey') return undefined; // no hook at all for other callers
      return {
        async didResolveOperation({ contextValue: ctx, operation }) {
          if (ctx.principal.kind !== 'apiKey' || !operation) return;
          try {
            const result = await counters.consume(`rl:apiKey.requests:key:${ctx.principal.keyId}`, 1, rule);
            if (result.allowed) return;
            const retryAfter = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
            throw new AppError('RATE_LIMITED', `This API key may make ${perMinute} requests a minute; retry in ${retryAfter} s`, { retryAfter, limit: 'apiKey.requests' });
          } catch (error) {
            await auditIfLimitRefusal(ctx.services.limitRefusals, ctx, flowOf(operation), error);
            if (!(error instanceof LimitStoreUnavailable)) throw error;
            const failClosed = operationFailsClosed(operation);
            warnUnavailable('api key requests', failClosed, ctx.requestId, error);
            if (failClosed) throw serviceUnavailable();
          }
        },
      };
    },
  };
}
