// Fixed-window counters in this process's memory (rate-limiter-flexible's RateLimiterMemory): one
// synchronous increment per consume, so parallel requests in one process never pass the limit.
// Keys expire with their window, so the map stays bounded by the traffic of one window.
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { CounterStore, CountResult, WindowRule } from './ports';

export class MemoryCounterStore implements CounterStore {
  readonly kind = 'memory' as const;
  private readonly limiters = new Map<string, RateLimiterMemory>();

  async consume(key: string, points: number, rule: WindowRule): Promise<CountResult> {
    try {
      const res = await this.limiterFor(rule).consume(key, points);
      return { allowed: true, remaining: res.remainingPoints, retryAfterMs: res.remainingPoints > 0 ? 0 : res.msBeforeNext };
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      return { allowed: false, remaining: 0, retryAfterMs: Math.max(1, refusal.msBeforeNext) };
    }
  }

  async reward(key: string, points: number, rule: WindowRule): Promise<void> {
    const limiter = this.limiterFor(rule);
    const current = await limiter.get(key);
    if (!current || current.consumedPoints <= 0) return;
    const after = await limiter.reward(key, Math.min(points, current.consumedPoints));
    // The window may have ended between the read and the reward, which then opens a new window
    // below zero: drop it, so a give-back can never grant more than the limit.
    if (after.consumedPoints < 0) await limiter.delete(key);
  }

  /** One limiter per distinct rule; a window shorter than a second is rounded up to one second. */
  private limiterFor(rule: WindowRule): RateLimiterMemory {
    const id = `${rule.limit}/${rule.windowMs}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      limiter = new RateLimiterMemory({ points: rule.limit, duration: Math.max(1, Math.ceil(rule.windowMs / 1000)) });
      this.limiters.set(id, limiter);
    }
    return limiter;
  }
}
