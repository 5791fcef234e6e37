// How the budget is shown to clients: `extensions.cost` on every executed response (Shopify's
// requestedQueryCost / actualQueryCost / throttleStatus, in API.md's names) and the refusal when the
// budget cannot pay for an operation: RATE_LIMITED with `retryAfter` in whole seconds.
import { AppError } from '../../errors/app-error';
import type { BucketState } from '../../limits/ports';

export interface BudgetReport {
  remaining: number;
  capacity: number;
  restoreRate: number;
}

export function budgetReport(state: BucketState): BudgetReport {
  return { remaining: Math.floor(state.remaining * 100) / 100, capacity: state.capacity, restoreRate: state.restoreRate };
}

export function costExtension(requested: number, actual: number | undefined, state: BucketState | undefined): Record<string, unknown> {
  return {
    requested,
    ...(actual === undefined ? {} : { actual }),
    ...(state ? { budget: budgetReport(state) } : {}),
  };
}

export const retryAfterSeconds = (ms: number): number => (Number.isFinite(ms) ? Math.max(1, Math.ceil(ms / 1000)) : 3600);

/** Thrown before execution, so nothing ran; the whole request is refused (429, see refusal-status.ts). */
export function budgetSpentError(requested: number, state: BucketState): AppError {
  const retryAfter = retryAfterSeconds(state.retryAfterMs);
  return new AppError('RATE_LIMITED', `Cost budget spent: this operation costs ${requested} and ${Math.floor(state.remaining)} points are left; retry in ${retryAfter} s`, {
    retryAfter,
    limit: 'costBudget',
    cost: costExtension(requested, undefined, state),
  });
}
