// Fixed-window counters in Redis (rate-limiter-flexible's RateLimiterRedis), shared by every replica.
// Threat: parallel requests spread over replicas passing a limit that each replica alone would hold.
// Its consume is ONE Lua script (`rlflxIncr`, see node_modules/rate-limiter-flexible/lib/
// RateLimiterRedis.js: SET NX EX, INCRBY, PTTL in one EVALSHA), so check and record cannot interleave
// (its MULTI path is only used for windows under a second, which we never ask for). A reward is our
// own one-script clamp, so it never takes a count below zero even when rewards race.
// Keys are `keyPrefix + key`: a key belongs to one purpose (and so one rule); replicas whose configured
// limits differ during a rollout still share one count. Any store failure is LimitStoreUnavailable.
import type { Redis, Result } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { LimitStoreUnavailable, type CounterStore, type CountResult, type WindowRule } from './ports';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    flowguardCounterReward(key: string, points: string): Result<number, Context>;
  }
}

/** GET, then DECRBY at most what was counted (DECRBY keeps the window's expiry). */
const REWARD_SCRIPT = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local give = math.min(tonumber(ARGV[1]), current)
if give > 0 then redis.call('DECRBY', KEYS[1], give) end
return current - math.max(give, 0)
`;

export class RedisCounterStore implements CounterStore {
  readonly kind = 'redis' as const;
  private readonly limiters = new Map<string, RateLimiterRedis>();

  constructor(
    private readonly client: Redis,
    private readonly keyPrefix: string,
  ) {
    client.defineCommand('flowguardCounterReward', { numberOfKeys: 1, lua: REWARD_SCRIPT });
  }

  async consume(key: string, points: number, rule: WindowRule): Promise<CountResult> {
    try {
      const res = await this.limiterFor(rule).consume(this.keyPrefix + key, points);
      return { allowed: true, remaining: res.remainingPoints, retryAfterMs: res.remainingPoints > 0 ? 0 : res.msBeforeNext };
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw new LimitStoreUnavailable(refusal);
      return { allowed: false, remaining: 0, retryAfterMs: Math.max(1, refusal.msBeforeNext) };
    }
  }

  async reward(key: string, points: number): Promise<void> {
    if (points <= 0) return;
    try {
      await this.client.flowguardCounterReward(this.keyPrefix + key, String(points));
    } catch (error) {
      throw new LimitStoreUnavailable(error);
    }
  }

  /** One limiter per distinct rule; a window shorter than a second is rounded up to one second (as in memory). */
  private limiterFor(rule: WindowRule): RateLimiterRedis {
    const id = `${rule.limit}/${rule.windowMs}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      limiter = new RateLimiterRedis({
        storeClient: this.client,
        rejectIfRedisNotReady: true, // fail at once while disconnected, never wait in a queue
        keyPrefix: '', // our prefix is already in the key
        points: rule.limit,
        duration: Math.max(1, Math.ceil(rule.windowMs / 1000)),
      });
      this.limiters.set(id, limiter);
    }
    return limiter;
  }
}
