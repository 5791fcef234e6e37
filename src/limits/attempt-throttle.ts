// Slows credential stuffing and code guessing. An attempt is COUNTED BEFORE the password or code is
// checked (one atomic consume in the counter store), so parallel requests cannot all slip past the
// check; a success gives its attempt back, so only failures add up. With the Redis store the count is
// shared by every replica. Fails CLOSED: when the store cannot count, the attempt is refused with
// SERVICE_UNAVAILABLE (503) rather than let a guess through unthrottled.
import { AppError } from '../errors/app-error';
import type { Logger } from '../logging/logger';
import { LimitStoreUnavailable, type CounterStore, type CountResult } from './ports';
import { serviceUnavailable } from './unavailable';

export interface ThrottleRule {
  /** The key segment naming what this rule counts, e.g. `login:acct-addr:` (the store adds its own prefix). */
  purpose: string;
  /** Attempts allowed per window. */
  points: number;
  windowSeconds: number;
}

export class AttemptThrottle {
  constructor(
    private readonly counters: CounterStore,
    private readonly rules: ThrottleRule[],
    private readonly logger: Logger,
  ) {}

  /** Counts one attempt under each subject (one per rule); RATE_LIMITED once any rule is spent. */
  async attempt(subjects: string[]): Promise<void> {
    let results: CountResult[];
    try {
      results = await Promise.all(this.rules.map((rule, i) => this.counters.consume(rule.purpose + subjects[i], 1, windowOf(rule))));
    } catch (error) {
      throw this.failClosed(error);
    }
    const refused = results.filter((result) => !result.allowed);
    if (refused.length > 0) {
      const retryAfter = Math.max(1, Math.ceil(Math.max(...refused.map((result) => result.retryAfterMs)) / 1000));
      throw new AppError('RATE_LIMITED', `Too many attempts; retry in ${retryAfter} s`, { retryAfter });
    }
  }

  /** Gives back the attempt counted under each subject (after a success). If the store cannot, the attempt stays counted. */
  async succeeded(subjects: string[]): Promise<void> {
    try {
      await Promise.all(this.rules.map((rule, i) => this.counters.reward(rule.purpose + subjects[i], 1, windowOf(rule))));
    } catch (error) {
      if (!(error instanceof LimitStoreUnavailable)) throw error;
      this.logger.warn('limits store unavailable: a successful attempt was not given back', { throttle: this.name, cause: causeOf(error) });
    }
  }

  private failClosed(error: unknown): unknown {
    if (!(error instanceof LimitStoreUnavailable)) return error;
    this.logger.warn('limits store unavailable: attempt refused (fail closed)', { throttle: this.name, code: 'SERVICE_UNAVAILABLE', cause: causeOf(error) });
    return serviceUnavailable(); // 503 + Retry-After from refusal-status.ts when nothing else ran
  }

  private get name(): string {
    return this.rules.map((rule) => rule.purpose).join(' ');
  }
}

const windowOf = (rule: ThrottleRule) => ({ limit: rule.points, windowMs: rule.windowSeconds * 1000 });

const causeOf = (error: LimitStoreUnavailable): string => (error.cause instanceof Error ? error.cause.message : String(error.cause));
