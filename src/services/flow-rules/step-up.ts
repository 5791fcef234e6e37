// Step-up authentication for blocks of tickets: a stolen access token (or a bot farm of accounts)
// should not be enough to carry off a block of tickets. The threshold counts the buyer's tickets for
// ONE EVENT bought without a second factor, across orders, not per order: otherwise 4 + 4 + 2 (three
// orders, or three aliases in one request) would carry off the block with no code at all. Each
// code-free order takes its tickets from an atomic window counter per (user, event) in the limits
// store (memory, or Redis shared by replicas; fails closed when it is down), so orders still in
// flight count too and parallel requests cannot pass it together. The rule runs after the per-user
// cap has reserved the buyer's allowance, and the order gives its count back when it fails later on
// (sold out, a store error: purchase-rules.ts, services/tickets.ts). An API key's orders count
// against its user's tickets. An order that would take the count past the threshold needs a fresh
// TOTP code of the buyer in `twoFactorCode`, accepted once (the two-factor service's one-time step
// consumption: the same code cannot buy twice); an order that carries a code of an enrolled buyer
// has it checked, and counts nothing. Threshold 0: every order needs a code.
// Recovery codes are not accepted here (they are for getting into an account, not for spending),
// and an API key cannot give a second factor at all.
// Codes are guessable (10^6), so wrong ones are counted per account BEFORE the check, atomically,
// and cut off with RATE_LIMITED, like verifyTwoFactor; a right one gives its attempt back.
import { AppError } from '../../errors/app-error';
import type { CounterStore, WindowRule } from '../../limits/ports';
import type { AccountPrincipal } from '../../context/principal';
import type { TwoFactorService } from '../two-factor';
import { byRule, retryAfterSeconds } from './refusal';
import { nothingToGiveBack, takeFromWindow, type GiveBack } from '../../limits/window';

export interface StepUpOptions {
  /** A buyer's tickets per event without a code; an order taking them past this needs one. Default (config): 4. */
  threshold: number;
  /** Wrong codes per account per window. Default (config): TWO_FACTOR_MAX_ATTEMPTS, 5. */
  maxAttempts: number;
  /** Default (config): LOGIN_FAILURE_WINDOW_SECONDS, 900. */
  windowSeconds: number;
}

/**
 * How long an event's code-free tickets are remembered (a fixed window from the buyer's first one).
 * Long, because the count is of tickets, not of a rate: three weeks covers the sale of most events,
 * and what a new window lets through afterwards is still bounded by the event's per-user cap. Not 30
 * days: the memory store expires keys with setTimeout, which cannot wait more than 2^31 - 1 ms
 * (24.8 days) and would drop a longer window at once (Redis would not mind).
 */
export const UNVERIFIED_TICKETS_WINDOW_SECONDS = 21 * 86_400;

export type StepUpReason = 'API_KEY' | 'NOT_ENROLLED' | 'CODE_MISSING' | 'CODE_REJECTED';

export class StepUpTwoFactor {
  private readonly attempts: WindowRule;
  private readonly unverified: WindowRule;

  constructor(
    private readonly twoFactor: TwoFactorService,
    private readonly counters: CounterStore,
    private readonly options: StepUpOptions,
  ) {
    this.attempts = { limit: options.maxAttempts, windowMs: options.windowSeconds * 1000 };
    this.unverified = { limit: options.threshold, windowMs: UNVERIFIED_TICKETS_WINDOW_SECONDS * 1000 };
  }

  /**
   * Admits the order with the buyer's code (spent; counts nothing) or from the buyer's code-free
   * tickets for the event (counted), else refuses saying what is needed. Returns how to give the
   * counted tickets back when the order is refused later on.
   */
  async check(buyer: AccountPrincipal, eventId: string, quantity: number, code: string | null | undefined): Promise<GiveBack> {
    const sent = code?.trim() ? code : undefined;
    // A code sent by an enrolled user is checked whatever the quantity: a wrong one is refused, a
    // right one is spent and the order counts nothing. Anyone else's code is ignored (as before).
    if (sent !== undefined && buyer.kind === 'user' && (await this.twoFactor.isEnabled(buyer.userId))) {
      await this.countAttempt(buyer.userId, sent);
      return nothingToGiveBack;
    }
    const giveBack = await this.takeUnverified(buyer.userId, eventId, quantity);
    if (giveBack) return giveBack;
    if (buyer.kind === 'apiKey') throw this.required('API_KEY', 'sign in as the user (an API key cannot give a second factor)');
    // A user who sent a code got here only when not enrolled (looked up above).
    if (sent !== undefined || !(await this.twoFactor.isEnabled(buyer.userId))) throw this.required('NOT_ENROLLED', 'turn on two-factor authentication (enrollTwoFactor, confirmTwoFactor), then send a current code as twoFactorCode');
    throw this.required('CODE_MISSING', 'send a current code from your authenticator app as twoFactorCode');
  }

  /** Takes the order's tickets from the buyer's code-free ones for the event; undefined when they would pass the threshold. */
  private async takeUnverified(userId: string, eventId: string, quantity: number): Promise<GiveBack | undefined> {
    if (quantity > this.options.threshold) return undefined; // can never fit (threshold 0: no order does)
    const taken = await takeFromWindow(this.counters, `flow:buyTicket:unverified:${userId}:${eventId}`, quantity, this.unverified);
    return taken.allowed ? taken.giveBack : undefined;
  }

  private async countAttempt(userId: string, code: string): Promise<void> {
    const taken = await takeFromWindow(this.counters, `flow:buyTicket:stepUp:${userId}`, 1, this.attempts);
    if (!taken.allowed) {
      const retryAfter = retryAfterSeconds(taken.retryAfterMs);
      throw byRule('stepUp', new AppError('RATE_LIMITED', `Too many wrong codes; retry in ${retryAfter} s`, { retryAfter }));
    }
    if ((await this.twoFactor.useCode(userId, code, { totpOnly: true })) === null) {
      throw this.required('CODE_REJECTED', 'the code was wrong or already used: send a fresh one (the next code of your authenticator app)');
    }
    await taken.giveBack();
  }

  private required(reason: StepUpReason, what: string): AppError {
    const message = `Buying more than ${this.options.threshold} tickets for this event without a second factor needs a fresh one: ${what}`;
    return byRule('stepUp', new AppError('TWO_FACTOR_REQUIRED', message, { reason, threshold: this.options.threshold }));
  }
}
