// Chooses where limits are counted: in this process's memory (one node) or in Redis (shared by every
// replica, so N replicas cannot grant N times a limit). Start-up never waits on Redis for long: when
// it is down at boot the app starts anyway, logs it, and calls fail with LimitStoreUnavailable until
// the client connects (callers fail closed or open by their own policy).
import type { Logger } from '../logging/logger';
import { MemoryBudgetStore } from './memory-budgets';
import { MemoryCounterStore } from './memory-counters';
import type { LimitStores } from './ports';
import { RedisBudgetStore } from './redis-budgets';
import { closeRedisClient, createRedisClient, settled } from './redis-client';
import { RedisCounterStore } from './redis-counters';

export interface LimitStoresOptions {
  /** `redis://` or `rediss://`; unset = memory. */
  redisUrl?: string;
  /** Put in front of every Redis key, e.g. `flowguard:`. */
  keyPrefix: string;
  /** Most token buckets kept in memory (memory only). */
  memoryMaxKeys: number;
  /** How long start-up waits for a first answer from Redis. Default 3 s. */
  connectWaitMs?: number;
}

export async function openLimitStores(options: LimitStoresOptions, logger: Logger): Promise<LimitStores> {
  if (!options.redisUrl) {
    return { counters: new MemoryCounterStore(), budgets: new MemoryBudgetStore({ maxKeys: options.memoryMaxKeys }), close: async () => {} };
  }
  const client = createRedisClient(options.redisUrl, logger);
  await settled(client, options.connectWaitMs ?? 3000);
  return {
    counters: new RedisCounterStore(client, options.keyPrefix),
    budgets: new RedisBudgetStore(client, options.keyPrefix),
    close: () => closeRedisClient(client),
  };
}
