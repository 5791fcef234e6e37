// Refusals by a limit (the cost budget, a per-field rate limit, the API key rate) are audit events
// like any other refusal. But a flood of refused requests must not become a flood of audit writes
// (that would turn the limit into a way to exhaust the store), so at most one event is written per
// limit and caller per window, decided by one atomic consume in the limits store. The log line of
// every refused request is still there (request logging); the audit trail shows who hit what, when.
import { Kind, type OperationDefinitionNode } from 'graphql';
import { callerKey, type Principal } from '../context/principal';
import { isAppError } from '../errors/app-error';
import type { CounterStore } from '../limits/ports';
import { actorOf, type AuditService } from './audit-service';

export interface LimitRefusal {
  /** The flow (root field) that was refused. */
  flow: string;
  code: 'RATE_LIMITED' | 'SERVICE_UNAVAILABLE';
  /** Which limit: a `@rateLimit` name, `costBudget` or `apiKey.requests`. */
  limit: string;
}

export interface Caller {
  requestId: string;
  clientAddress: string;
  principal: Principal;
}

export class LimitRefusalAudit {
  constructor(
    private readonly audit: AuditService,
    private readonly counters: CounterStore,
    private readonly windowMs = 60_000,
  ) {}

  /** Never throws: an audit that cannot be written must not change the answer. */
  async record(caller: Caller, refusal: LimitRefusal): Promise<void> {
    const { principal } = caller;
    try {
      const key = `audit:${refusal.limit}:${callerKey(principal, caller.clientAddress)}`;
      const first = await this.counters.consume(key, 1, { limit: 1, windowMs: this.windowMs });
      if (!first.allowed) return;
    } catch {
      return; // the store is down: the refusal is in the log, and the outage is logged once a minute
    }
    const actor = principal.kind === 'anonymous' ? {} : actorOf(principal);
    const meta = { requestId: caller.requestId, clientAddress: caller.clientAddress };
    await this.audit.record(meta, { action: refusal.flow, outcome: 'refused', code: refusal.code, ...actor, details: { limit: refusal.limit, firstInWindow: true } });
  }
}

/** Records `error` when it is a limit's refusal (RATE_LIMITED / SERVICE_UNAVAILABLE with a `limit`). */
export async function auditIfLimitRefusal(audit: LimitRefusalAudit, caller: Caller, flow: string, error: unknown): Promise<void> {
  if (!isAppError(error) || (error.code !== 'RATE_LIMITED' && error.code !== 'SERVICE_UNAVAILABLE')) return;
  const limit = typeof error.extensions.limit === 'string' ? error.extensions.limit : 'unknown';
  await audit.record(caller, { flow, code: error.code, limit });
}

/** The flow an operation stands for in the audit trail: its first root field. */
export function flowOf(operation: OperationDefinitionNode): string {
  const first = operation.selectionSet.selections.find((selection) => selection.kind === Kind.FIELD);
  return first?.kind === Kind.FIELD ? first.name.value : operation.operation;
}
