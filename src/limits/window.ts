// Counting against a window with the atomic counters of this folder (one check-and-record per
// consume, in memory or Redis), so parallel requests and replicas can never pass a limit together.
// The flow rules (services/flow-rules) and single-use claims (./single-use.ts) are built on it.
// A flow takes its points first and gives them back when a later step refuses, so a refused request
// never uses up anyone's allowance. A consume that is itself refused has already counted its points
// (the port's contract): they are given back at once, so refusals do not extend a lock-out.
// The flows behind these windows are mutations, so when the store (Redis) is down they fail CLOSED
// with SERVICE_UNAVAILABLE; a give-back that cannot reach the store leaves the points counted, which
// only errs on the strict side.
import { LimitStoreUnavailable, type CounterStore, type WindowRule } from './ports';
import { serviceUnavailable } from './unavailable';

export type GiveBack = () => Promise<void>;

export type Taken = { allowed: true; giveBack: GiveBack } | { allowed: false; retryAfterMs: number };

export const nothingToGiveBack: GiveBack = async () => {};

export async function takeFromWindow(counters: CounterStore, key: string, points: number, rule: WindowRule): Promise<Taken> {
  const result = await counters.consume(key, points, rule).catch((error: unknown) => {
    throw error instanceof LimitStoreUnavailable ? serviceUnavailable() : error;
  });
  if (!result.allowed) {
    await reward(counters, key, points, rule);
    return { allowed: false, retryAfterMs: result.retryAfterMs };
  }
  let given = false;
  const giveBack = async () => {
    if (given) return;
    given = true;
    await reward(counters, key, points, rule);
  };
  return { allowed: true, giveBack };
}

async function reward(counters: CounterStore, key: string, points: number, rule: WindowRule): Promise<void> {
  await counters.reward(key, points, rule).catch((error: unknown) => {
    if (!(error instanceof LimitStoreUnavailable)) throw error;
  });
}

/** Gives back every step taken; one failing step does not stop the others. */
export function giveBackAll(steps: GiveBack[]): GiveBack {
  return async () => {
    const results = await Promise.allSettled(steps.map((step) => step()));
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  };
}
