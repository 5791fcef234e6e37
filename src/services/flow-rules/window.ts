// Counting against a window with the atomic counters of src/limits (one check-and-record per
// consume, in memory or Redis), so parallel requests and replicas can never pass a limit together.
// A flow takes its points first and gives them back when a later step refuses, so a refused request
// never uses up anyone's allowance. A consume that is itself refused has already counted its points
// (the port's contract): they are given back at once, so refusals do not extend a lock-out.
import type { CounterStore, WindowRule } from '../../limits/ports';

export type GiveBack = () => Promise<void>;

export type Taken = { allowed: true; giveBack: GiveBack } | { allowed: false; retryAfterMs: number };

export const nothingToGiveBack: GiveBack = async () => {};

export async function takeFromWindow(counters: CounterStore, key: string, points: number, rule: WindowRule): Promise<Taken> {
  const result = await counters.consume(key, points, rule);
  if (!result.allowed) {
    await counters.reward(key, points, rule);
    return { allowed: false, retryAfterMs: result.retryAfterMs };
  }
  let given = false;
  const giveBack = async () => {
    if (given) return;
    given = true;
    await counters.reward(key, points, rule);
  };
  return { allowed: true, giveBack };
}

/** Gives back every step taken; one failing step does not stop the others. */
export function giveBackAll(steps: GiveBack[]): GiveBack {
  return async () => {
    const results = await Promise.allSettled(steps.map((step) => step()));
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  };
}
