// A response-cache hit skips Apollo, so the budget is applied here the way the cost plugin applies it
// to an executed read: spend the stored requested cost (refused: 429 RATE_LIMITED with Retry-After,
// audited once a minute), refund down to the stored actual cost, and report both with the bucket.
// A cache hit is always an anonymous read, so a limits store outage fails open (logged once a minute).
import { auditIfLimitRefusal, type LimitRefusalAudit } from '../../audit/limit-refusals';
import { anonymous } from '../../context/principal';
import type { CachedReadMeta, HandlerDeps } from '../../http/server';
import { unavailableWarning } from '../../limits/unavailable';
import type { Logger } from '../../logging/logger';
import type { CostBudget } from './budget';
import { budgetSpentError, costExtension } from './report';

export function budgetForCachedReads(budget: CostBudget, refusals: LimitRefusalAudit, logger: Logger): HandlerDeps['admitCachedRead'] {
  const warnUnavailable = unavailableWarning(logger);
  return async (meta: CachedReadMeta) => {
    const caller = { principal: anonymous, clientAddress: meta.clientAddress, requestId: meta.requestId };
    const { requestedCost: requested, actualCost: actual } = meta;
    const state = await budget.spend(caller, requested);
    if (!state) {
      warnUnavailable('cost budget (cached read)', false, meta.requestId);
      return { extensions: { cost: costExtension(requested, actual, undefined) } };
    }
    if (!state.allowed) {
      const error = budgetSpentError(requested, state);
      await auditIfLimitRefusal(refusals, caller, meta.operationName ?? 'comments', error);
      const { code: _code, ...extensions } = error.extensions;
      return { refusal: { status: 429, code: 'RATE_LIMITED', message: error.message, extensions, headers: { 'retry-after': String(extensions.retryAfter) } } };
    }
    const refunded = actual !== undefined && actual < requested ? await budget.refund(caller, requested - actual) : undefined;
    return { extensions: { cost: costExtension(requested, actual, refunded ?? state) } };
  };
}
