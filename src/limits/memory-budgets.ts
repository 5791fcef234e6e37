// Token buckets in this process's memory. Each operation is synchronous between reading and writing
// the bucket, so it is atomic within the process. Bounded: past `maxKeys` buckets the least recently
// used one is dropped (a dropped bucket comes back full, which only ever favours the caller).
import type { BucketRule, BucketState, BudgetStore } from './ports';
import { refill, stateOf, type Bucket } from './token-bucket';

export interface MemoryBudgetOptions {
  /** Most buckets kept at once. Default 100,000. */
  maxKeys?: number;
  now?: () => number;
}

export class MemoryBudgetStore implements BudgetStore {
  readonly kind = 'memory' as const;
  private readonly buckets = new Map<string, Bucket>();
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(options: MemoryBudgetOptions = {}) {
    this.maxKeys = options.maxKeys ?? 100_000;
    this.now = options.now ?? Date.now;
  }

  async spend(key: string, cost: number, rule: BucketRule): Promise<BucketState> {
    const bucket = refill(this.buckets.get(key), rule, this.now());
    const allowed = bucket.tokens >= cost;
    if (allowed) bucket.tokens -= cost;
    this.save(key, bucket);
    return stateOf(bucket, rule, allowed, cost);
  }

  async refund(key: string, points: number, rule: BucketRule): Promise<BucketState> {
    const bucket = refill(this.buckets.get(key), rule, this.now());
    bucket.tokens = Math.min(rule.capacity, bucket.tokens + Math.max(0, points));
    this.save(key, bucket);
    return stateOf(bucket, rule, true, 0);
  }

  async peek(key: string, rule: BucketRule): Promise<BucketState> {
    return stateOf(refill(this.buckets.get(key), rule, this.now()), rule, true, 0);
  }

  /** Re-inserting moves the key to the end of the Map's order, so the first key is the least recently used. */
  private save(key: string, bucket: Bucket): void {
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as string);
  }
}
