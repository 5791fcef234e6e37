// Things that may be used once: the first claim of an id wins, every later one loses, on every
// replica sharing the store (with the memory store, per process and until it restarts). A claim is
// one atomic consume with a limit of 1, so two parallel claims cannot both win; a claim can be given
// back when what it was for failed. Remembered for `ttlSeconds` plus a minute, so that replicas whose
// clocks differ a little still refuse the id until what it names (a 2FA challenge) has expired
// everywhere. Fails CLOSED: when the store cannot count, the claim is refused with
// SERVICE_UNAVAILABLE rather than let a second use through.
import type { Logger } from '../logging/logger';
import { LimitStoreUnavailable, type CounterStore } from './ports';
import { serviceUnavailable } from './unavailable';

export class SingleUse {
  constructor(
    private readonly counters: CounterStore,
    /** The key segment naming what is used once, e.g. `2fa:used:` (the store adds its own prefix). */
    private readonly purpose: string,
    private readonly ttlSeconds: number,
    private readonly logger: Logger,
  ) {}

  /** True for the first claim of `id` (or the first after a release), false for every other. */
  async claim(id: string): Promise<boolean> {
    try {
      const result = await this.counters.consume(this.purpose + id, 1, this.rule());
      // A refused consume still counted its point: give it back, or a holder's later release would
      // leave the id counted as used by nobody.
      if (!result.allowed) await this.release(id);
      return result.allowed;
    } catch (error) {
      if (!(error instanceof LimitStoreUnavailable)) throw error;
      this.logger.warn('limits store unavailable: single-use claim refused (fail closed)', { purpose: this.purpose, code: 'SERVICE_UNAVAILABLE' });
      throw serviceUnavailable();
    }
  }

  /** Gives a claim back, so `id` can be claimed again. If the store cannot, the id stays used (the strict side). */
  async release(id: string): Promise<void> {
    try {
      await this.counters.reward(this.purpose + id, 1, this.rule());
    } catch (error) {
      if (!(error instanceof LimitStoreUnavailable)) throw error;
      this.logger.warn('limits store unavailable: a single-use claim was not given back', { purpose: this.purpose });
    }
  }

  private rule() {
    return { limit: 1, windowMs: (this.ttlSeconds + CLOCK_MARGIN_SECONDS) * 1000 };
  }
}

const CLOCK_MARGIN_SECONDS = 60;
