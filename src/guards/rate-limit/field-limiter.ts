// Counts one field call against its `@rateLimit` rules, atomically. graphql-rate-limit reads the
// timestamps, checks, then writes them back (two store round trips with an await between), so
// parallel requests or two replicas all pass; its in-memory store never evicts. We keep its
// declaration and its field identity (`getFieldIdentity`: field name + identityArgs values) and count
// with the limits port instead: one consume per call, a single Redis script or a synchronous memory
// increment. Every alias and every batched operation is its own call; an array argument named by
// `arrayLengthField` counts one per element.
import type { OperationTypeNode } from 'graphql';
import { getFieldIdentity } from 'graphql-rate-limit';
import { addressGroup } from '../../context/address-group';
import { callerKey, type Principal } from '../../context/principal';
import { sha256Hex } from '../../config/trusted-documents';
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
      const key = `rl:${rule.name}:${keyOf(rule, call)}:${identityOf(fieldName, rule, args)}`;
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

/** CALLER: the API key, else the user, else the address; ADDRESS: the address whoever calls (both: its IPv6 /64). */
export function keyOf(rule: Pick<FieldRateRule, 'per'>, call: Pick<CallMeta, 'principal' | 'clientAddress'>): string {
  return rule.per === 'CALLER' ? callerKey(call.principal, call.clientAddress) : `addr:${addressGroup(call.clientAddress)}`;
}

/**
 * graphql-rate-limit's field identity over the identity arguments as the service will read them:
 * each value trimmed and case-folded, as usernames are (" Bob" and "bob" sign in to one account, so
 * they share one count). The arguments are not validated yet, so a value longer than any username
 * is counted by its hash: a key stays small whatever the body holds.
 */
function identityOf(fieldName: string, rule: Pick<FieldRateRule, 'identityArgs'>, args: Record<string, unknown>): string {
  const values = rule.identityArgs.map((path) => {
    const value = valueAt(args, path);
    const text = typeof value === 'string' ? value.trim().toLowerCase() : String(value);
    return text.length > MAX_IDENTITY_VALUE_LENGTH ? `sha256:${sha256Hex(text)}` : text;
  });
  return getFieldIdentity(fieldName, values.map((_, index) => String(index)), values);
}

const MAX_IDENTITY_VALUE_LENGTH = 128;

function pointsOf(rule: FieldRateRule, args: Record<string, unknown>): number {
  if (!rule.arrayLengthField) return 1;
  const value = valueAt(args, rule.arrayLengthField);
  return Array.isArray(value) ? Math.max(1, value.length) : 1;
}

/** The argument at a dotted path (`input.username`), as graphql-rate-limit's identityArgs and arrayLengthField name them. */
function valueAt(args: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((at, part) => (at as Record<string, unknown> | undefined)?.[part], args);
}
