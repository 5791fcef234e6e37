// Token buckets in Redis, shared by every replica. Threat: replicas each granting a full budget, or
// two requests reading the same balance and both spending it. Each operation is ONE Lua script, so
// read, refill and write are atomic in Redis; the arithmetic mirrors ./token-bucket.ts line for line.
// The clock is Redis `TIME`, never the caller's, so replicas with skewed clocks agree on the refill.
// A bucket is a hash {tokens, at} that expires once it would be full again (plus a margin): an idle
// key vanishes, and a missing key reads as a full bucket, which is what it would be by then.
// (Scripts that write after TIME need effects replication: the default from Redis 5.)
import type { Redis, Result } from 'ioredis';
import { LimitStoreUnavailable, type BucketRule, type BucketState, type BudgetStore } from './ports';
import { stateOf } from './token-bucket';

type ScriptReply = [allowed: number, tokens: string, at: string];

declare module 'ioredis' {
  interface RedisCommander<Context> {
    flowguardBucketSpend(key: string, capacity: string, restoreRate: string, cost: string): Result<ScriptReply, Context>;
    flowguardBucketRefund(key: string, capacity: string, restoreRate: string, points: string): Result<ScriptReply, Context>;
    flowguardBucketPeek(key: string, capacity: string, restoreRate: string): Result<ScriptReply, Context>;
  }
}

/** Kept this long after the bucket would be full again, so rounding never drops a key early. */
const EXPIRY_MARGIN_MS = 1000;

// refill() of token-bucket.ts: a new key starts full; otherwise add elapsed seconds × rate, up to capacity.
const REFILL = `
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local saved = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = capacity
if saved[1] and saved[2] then
  tokens = math.min(capacity, tonumber(saved[1]) + math.max(0, now - tonumber(saved[2])) / 1000 * rate)
end
local function reply(allowed)
  return { allowed and 1 or 0, string.format('%.17g', tokens), string.format('%.17g', now) }
end
`;

const SAVE = `
local function save()
  redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'at', string.format('%.17g', now))
  if rate > 0 then
    redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / rate * 1000) + ${EXPIRY_MARGIN_MS})
  else
    redis.call('PERSIST', KEYS[1]) -- never refills, so it must not vanish (that would refill it)
  end
end
`;

const SPEND = `${REFILL}${SAVE}
local cost = tonumber(ARGV[3])
local allowed = tokens >= cost
if allowed then tokens = tokens - cost end
save()
return reply(allowed)
`;

const REFUND = `${REFILL}${SAVE}
tokens = math.min(capacity, tokens + math.max(0, tonumber(ARGV[3])))
save()
return reply(true)
`;

const PEEK = `${REFILL}
return reply(true)
`;

export class RedisBudgetStore implements BudgetStore {
  readonly kind = 'redis' as const;

  constructor(
    private readonly client: Redis,
    private readonly keyPrefix: string,
  ) {
    client.defineCommand('flowguardBucketSpend', { numberOfKeys: 1, lua: SPEND });
    client.defineCommand('flowguardBucketRefund', { numberOfKeys: 1, lua: REFUND });
    client.defineCommand('flowguardBucketPeek', { numberOfKeys: 1, lua: PEEK });
  }

  spend(key: string, cost: number, rule: BucketRule): Promise<BucketState> {
    return this.run(() => this.client.flowguardBucketSpend(this.keyPrefix + key, ...args(rule), String(cost)), rule, cost);
  }

  refund(key: string, points: number, rule: BucketRule): Promise<BucketState> {
    return this.run(() => this.client.flowguardBucketRefund(this.keyPrefix + key, ...args(rule), String(points)), rule, 0);
  }

  peek(key: string, rule: BucketRule): Promise<BucketState> {
    return this.run(() => this.client.flowguardBucketPeek(this.keyPrefix + key, ...args(rule)), rule, 0);
  }

  /** Runs one script and reads its reply with the same stateOf() as the memory store. */
  private async run(script: () => Promise<ScriptReply>, rule: BucketRule, cost: number): Promise<BucketState> {
    let reply: ScriptReply;
    try {
      reply = await script();
    } catch (error) {
      throw new LimitStoreUnavailable(error);
    }
    const [allowed, tokens, at] = reply;
    return stateOf({ tokens: Number(tokens), at: Number(at) }, rule, allowed === 1, cost);
  }
}

const args = (rule: BucketRule): [string, string] => [String(rule.capacity), String(rule.restoreRate)];
