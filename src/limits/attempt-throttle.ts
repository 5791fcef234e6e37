// Slows credential stuffing and code guessing. An attempt is COUNTED BEFORE the password or code is
// checked (one atomic consume), so parallel requests cannot all slip past the check; a success
// gives its attempt back, so only failures add up. Limits are per (username, client address) — so an attacker
// elsewhere cannot lock a victim out — and per address overall. In memory for now; shared limits
// across replicas arrive with the Redis limits work.
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../errors/app-error';

export interface ThrottleRule {
  /** Attempts allowed per window. */
  points: number;
  windowSeconds: number;
}

export class AttemptThrottle {
  private readonly limiters: RateLimiterMemory[];

  constructor(rules: ThrottleRule[]) {
    this.limiters = rules.map((rule) => new RateLimiterMemory({ points: rule.points, duration: rule.windowSeconds }));
  }

  /** Counts one attempt under each key (one key per rule); RATE_LIMITED once any is spent. */
  async attempt(keys: string[]): Promise<void> {
    try {
      await Promise.all(this.limiters.map((limiter, i) => limiter.consume(keys[i])));
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const retryAfter = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      throw new AppError('RATE_LIMITED', `Too many attempts; retry in ${retryAfter} s`, { retryAfter });
    }
  }

  /** Gives back the attempt counted under each key (after a success). */
  async succeeded(keys: string[]): Promise<void> {
    await Promise.all(this.limiters.map((limiter, i) => limiter.reward(keys[i], 1)));
  }
}
