// Comment floods: many accounts (or many keys) posting into one thread at once bury it, however
// polite each account is on its own (the per-user limit is a per-field rate limit). This caps the
// comments one thread accepts per window from everyone together, with one atomic consume.
import { AppError } from '../../errors/app-error';
import type { CounterStore, WindowRule } from '../../limits/ports';
import { byRule, retryAfterSeconds } from './refusal';
import { takeFromWindow, type GiveBack } from '../../limits/window';

export interface ThreadBurstOptions {
  /** Comments per thread per window. Default (config): 30. */
  limit: number;
  /** Default (config): 60. */
  windowSeconds: number;
}

export class ThreadBurstLimit {
  private readonly rule: WindowRule;

  constructor(
    private readonly counters: CounterStore,
    options: ThreadBurstOptions,
  ) {
    this.rule = { limit: options.limit, windowMs: options.windowSeconds * 1000 };
  }

  async take(eventId: string): Promise<GiveBack> {
    const taken = await takeFromWindow(this.counters, `flow:postComment:thread:${eventId}`, 1, this.rule);
    if (taken.allowed) return taken.giveBack;
    const retryAfter = retryAfterSeconds(taken.retryAfterMs);
    throw byRule('threadBurst', new AppError('RATE_LIMITED', `This thread is busy; retry in ${retryAfter} s`, { retryAfter }));
  }
}
