// The token-bucket arithmetic, shared by the memory store and mirrored by the Redis script: a bucket
// holds at most `capacity` points and regains `restoreRate` points per second since it was last seen.
import type { BucketRule, BucketState } from './ports';

export interface Bucket {
  tokens: number;
  /** Epoch ms of the last update. */
  at: number;
}

/** The bucket as it stands at `now` (a new key starts full). */
export function refill(bucket: Bucket | undefined, rule: BucketRule, now: number): Bucket {
  if (!bucket) return { tokens: rule.capacity, at: now };
  const elapsed = Math.max(0, now - bucket.at) / 1000;
  return { tokens: Math.min(rule.capacity, bucket.tokens + elapsed * rule.restoreRate), at: now };
}

export function stateOf(bucket: Bucket, rule: BucketRule, allowed: boolean, cost: number): BucketState {
  const missing = (points: number) => (rule.restoreRate > 0 ? Math.ceil((points / rule.restoreRate) * 1000) : Number.POSITIVE_INFINITY);
  return {
    allowed,
    remaining: bucket.tokens,
    capacity: rule.capacity,
    restoreRate: rule.restoreRate,
    retryAfterMs: allowed ? 0 : missing(cost - bucket.tokens),
    resetAt: bucket.at + missing(rule.capacity - bucket.tokens),
  };
}
