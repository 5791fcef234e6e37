// The limits port: atomic counters (fixed windows) and token buckets (cost budgets), each with a
// memory implementation (one process) and a Redis one (shared by replicas). Every check-and-record
// is ONE operation in the store, so parallel requests or replicas can never pass more than the limit.
// The store only counts; what a refusal means (error code, fail open or closed) is the caller's.

/** `limit` points per `windowMs` under one key. */
export interface WindowRule {
  limit: number;
  windowMs: number;
}

export interface CountResult {
  /** False when this consume took the key past its limit (the points are still counted). */
  allowed: boolean;
  /** Points left in the current window (0 when refused). */
  remaining: number;
  /** Time until the window resets (0 when allowed and not at the limit). */
  retryAfterMs: number;
}

export interface CounterStore {
  readonly kind: 'memory' | 'redis';
  /** Atomically adds `points` to `key` in `rule`'s current window and says whether it stays within the limit. */
  consume(key: string, points: number, rule: WindowRule): Promise<CountResult>;
  /** Gives `points` back (e.g. after a successful login), never below zero. */
  reward(key: string, points: number, rule: WindowRule): Promise<void>;
}

/** A token bucket: holds at most `capacity` points and regains `restoreRate` points per second. */
export interface BucketRule {
  capacity: number;
  restoreRate: number;
}

export interface BucketState {
  /** False when the bucket held less than the cost: nothing was taken. */
  allowed: boolean;
  /** Points in the bucket after this operation. */
  remaining: number;
  capacity: number;
  restoreRate: number;
  /** When refused: time until the bucket holds the cost (else 0). */
  retryAfterMs: number;
  /** Epoch ms when the bucket will be full again. */
  resetAt: number;
}

export interface BudgetStore {
  readonly kind: 'memory' | 'redis';
  /** Takes `cost` points if the bucket holds them (all or nothing, one atomic step). */
  spend(key: string, cost: number, rule: BucketRule): Promise<BucketState>;
  /** Puts `points` back (Shopify-style refund of requested − actual), never above capacity. */
  refund(key: string, points: number, rule: BucketRule): Promise<BucketState>;
  /** The bucket as it stands, without changing it. */
  peek(key: string, rule: BucketRule): Promise<BucketState>;
}

/** The shared store (Redis) could not answer; callers fail closed or open by their own policy. */
export class LimitStoreUnavailable extends Error {
  constructor(cause: unknown) {
    super('The limits store is unavailable', { cause });
    this.name = 'LimitStoreUnavailable';
  }
}

export interface LimitStores {
  counters: CounterStore;
  budgets: BudgetStore;
  /** Closes connections (Redis); a no-op in memory. */
  close(): Promise<void>;
}
