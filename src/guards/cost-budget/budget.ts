// The cost budget: a token bucket per identity (like Shopify's leaky bucket and GitHub's points per
// hour). Every operation spends its requested cost before it runs; after it runs, the difference to its
// actual cost is given back. Threat: a client that stays under the per-request cap but sends such
// requests without pause, scraping or exhausting the store at many times a person's pace.
import { callerKey, type Principal } from '../../context/principal';
import { LimitStoreUnavailable, type BucketRule, type BucketState, type BudgetStore } from '../../limits/ports';

export interface CostBudgetOptions {
  /** Anonymous callers, one bucket per client address. Default 1,000 points, 20 per second. */
  anonymous: BucketRule;
  /** Signed-in users, one bucket per user. Default 2,000 points, 50 per second. */
  user: BucketRule;
  /** API keys, one bucket per key. Default 5,000 points, 100 per second. */
  apiKey: BucketRule;
}

export const DEFAULT_COST_BUDGET: Readonly<CostBudgetOptions> = Object.freeze({
  anonymous: { capacity: 1000, restoreRate: 20 },
  user: { capacity: 2000, restoreRate: 50 },
  apiKey: { capacity: 5000, restoreRate: 100 },
});

export interface Caller {
  principal: Principal;
  clientAddress: string;
}

/** The bucket's key and rule: the API key, else the user, else the address. */
export function bucketOf({ principal, clientAddress }: Caller, options: CostBudgetOptions): { key: string; rule: BucketRule } {
  const rule = principal.kind === 'apiKey' ? options.apiKey : principal.kind === 'user' ? options.user : options.anonymous;
  return { key: `budget:${callerKey(principal, clientAddress)}`, rule };
}

export class CostBudget {
  constructor(
    private readonly store: BudgetStore,
    private readonly options: CostBudgetOptions,
  ) {}

  /** Spends `cost`; undefined when the store is unavailable (the caller decides to fail open or closed). */
  spend(caller: Caller, cost: number): Promise<BucketState | undefined> {
    const { key, rule } = bucketOf(caller, this.options);
    return orUnavailable(this.store.spend(key, cost, rule));
  }

  refund(caller: Caller, points: number): Promise<BucketState | undefined> {
    const { key, rule } = bucketOf(caller, this.options);
    return orUnavailable(this.store.refund(key, points, rule));
  }
}

async function orUnavailable(operation: Promise<BucketState>): Promise<BucketState | undefined> {
  try {
    return await operation;
  } catch (error) {
    if (error instanceof LimitStoreUnavailable) return undefined;
    throw error;
  }
}
