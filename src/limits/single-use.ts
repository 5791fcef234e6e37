// Things that may be used once: the first claim of an id wins, every later one loses, on every
// replica sharing the store (with the memory store, per process and until it restarts). A claim is
// one take of a window whose limit is 1 (./window.ts), so two parallel claims cannot both win, a
// refused claim leaves nothing counted, and the winner can give its claim back when what it was for
// failed. Remembered for `ttlSeconds` plus a minute, so that replicas whose clocks differ a little
// still refuse the id until what it names (a 2FA challenge) has expired everywhere. Fails CLOSED:
// when the store cannot count, the claim is refused with SERVICE_UNAVAILABLE rather than let a
// second use through; a give-back that cannot reach the store leaves the id used (the strict side).
import type { CounterStore, WindowRule } from './ports';
import { takeFromWindow, type GiveBack } from './window';

const CLOCK_MARGIN_SECONDS = 60;

export class SingleUse {
  private readonly rule: WindowRule;

  constructor(
    private readonly counters: CounterStore,
    /** The key segment naming what is used once, e.g. `2fa:used:` (the store adds its own prefix). */
    private readonly purpose: string,
    ttlSeconds: number,
  ) {
    this.rule = { limit: 1, windowMs: (ttlSeconds + CLOCK_MARGIN_SECONDS) * 1000 };
  }

  /**
   * The first claim of `id` (or the first since its winner gave it back) gets the means to give it
   * back; every other claim gets undefined.
   */
  async claim(id: string): Promise<GiveBack | undefined> {
    const taken = await takeFromWindow(this.counters, this.purpose + id, 1, this.rule);
    return taken.allowed ? taken.giveBack : undefined;
  }
}
