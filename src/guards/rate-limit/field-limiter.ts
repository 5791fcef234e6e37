// Counts one field call against its `@rateLimit` rules, atomically. graphql-rate-limit reads the
// timestamps, checks, then writes them back (two store round trips with an await between), so
// parallel requests or two replicas all pass; its in-memory store never evicts. We keep its
// declaration and its field identity (`getFieldIdentity`: field name + identityArgs values) and count
// with the limits port instead: one consume per call, a single Redis script or a synchronous memory
// increment. Every alias and every batched operation is its own call; an array argument named by
// `arrayLengthField` counts one per element.
import type { OperationTypeNode } from 'graphql';
import { getFieldIdentity } from 'graphql-rate-limit';
import { callerKey, type Principal } from '../../context/principal';
import { AppError } from '../../errors/app-error';
import type { Logger } from '../../logging/logger';
import { LimitStoreUnavailable, type CounterStore } from '../../limits/ports';
import { failsClosed, serviceUnavailable, unavailableWarning } from '../../limits/unavailable';
import type { FieldRateRule } from './rules';

export interface CallMeta {
  principal: Principal;
  clientAddress: string;
  requestId: string;
  operation: OperationTypeNode | 'query' | 'mutation' | 'subscription';
}

export class FieldRateLimiter {
  private readonly warnUnavailable;

  constructor(
    private readonly counters: CounterStore,
    logger: Logger,
  ) {
    this.warnUnavailable = unavailableWarning(logger);
  }

  /** Throws RATE_LIMITED (or SERVICE_UNAVAILABLE, see below) when any rule is over its limit. */
  async check(fieldName: string, rules: readonly FieldRateRule[], args: Record<string, unknown>, call: CallMeta): Promise<void> {
    for (const rule of rules) {
      // Case-folded, as usernames are: "Bob" and "BOB" are one account, so they share one count.
      const key = `rl:${rule.name}:${keyOf(rule, call)}:${getFieldIdentity(fieldName, rule.identityArgs, args).trim().toLowerCase()}`;
      const result = await this.consume(key, pointsOf(rule, args), rule, call);
      if (result && !result.allowed) {
        const retryAfter = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
        throw new AppError('RATE_LIMITED', rule.message ?? `Too many ${fieldName} calls; retry in ${retryAfter} s`, { retryAfter, limit: rule.name });
      }
    }
  }

  /**
   * When the shared store is down, a mutation fails CLOSED (it is the sensitive flow the limit guards)
   * and a read fails OPEN (availability over a counter): both are logged, at most once a minute.
   */
  private async consume(key: string, points: number, rule: FieldRateRule, call: CallMeta) {
    try {
      return await this.counters.consume(key, points, { limit: rule.max, windowMs: rule.windowMs });
    } catch (error) {
      if (!(error instanceof LimitStoreUnavailable)) throw error;
      const failClosed = failsClosed(call.operation);
      this.warnUnavailable(`rate limit ${rule.name}`, failClosed, call.requestId, error);
      if (failClosed) throw serviceUnavailable();
      return undefined;
    }
  }
}

/** CALLER: the API key, else the user, else the address; ADDRESS: the address whoever calls. */
export function keyOf(rule: Pick<FieldRateRule, 'per'>, call: Pick<CallMeta, 'principal' | 'clientAddress'>): string {
  return rule.per === 'CALLER' ? callerKey(call.principal, call.clientAddress) : `addr:${call.clientAddress}`;
}

function pointsOf(rule: FieldRateRule, args: Record<string, unknown>): number {
  if (!rule.arrayLengthField) return 1;
  const value = rule.arrayLengthField.split('.').reduce<unknown>((at, part) => (at as Record<string, unknown> | undefined)?.[part], args);
  return Array.isArray(value) ? Math.max(1, value.length) : 1;
}
