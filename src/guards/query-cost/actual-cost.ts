// PLACEHOLDER until the result walker lands: the actual cost is not known, so nothing is refunded.
import type { CostInput } from './operation-cost';

export function actualCostOf(_input: CostInput & { data: unknown }): number | undefined {
  return undefined;
}
