// The limits stores of a single process (the default without REDIS_URL).
import { MemoryBudgetStore } from './memory-budgets';
import { MemoryCounterStore } from './memory-counters';
import type { LimitStores } from './ports';

export function memoryLimitStores(maxKeys?: number): LimitStores {
  return { counters: new MemoryCounterStore(), budgets: new MemoryBudgetStore({ maxKeys }), close: async () => {} };
}
