// Step-up authentication for large orders: a stolen access token (or a bot farm of accounts) should
// not be enough to carry off a block of tickets. An order of more than the threshold needs a fresh
// TOTP code of the buyer in `twoFactorCode`, accepted once (the two-factor service's one-time step
// consumption: the same code cannot buy twice). Recovery codes are not accepted here (they are for
// getting into an account, not for spending), and an API key cannot give a second factor at all.
// Codes are guessable (10^6), so wrong ones are counted per account BEFORE the check, atomically,
// and cut off with RATE_LIMITED, like verifyTwoFactor; a right one gives its attempt back.
import { AppError } from '../../errors/app-error';
import type { CounterStore, WindowRule } from '../../limits/ports';
import type { AccountPrincipal } from '../../context/principal';
import type { TwoFactorService } from '../two-factor';
import { byRule, retryAfterSeconds } from './refusal';
import { takeFromWindow } from '../../limits/window';

export interface StepUpOptions {
  /** Orders of MORE tickets than this need a code. Default (config): 4. */
  threshold: number;
  /** Wrong codes per account per window. Default (config): TWO_FACTOR_MAX_ATTEMPTS, 5. */
  maxAttempts: number;
  /** Default (config): LOGIN_FAILURE_WINDOW_SECONDS, 900. */
  windowSeconds: number;
}

export type StepUpReason = 'API_KEY' | 'NOT_ENROLLED' | 'CODE_MISSING' | 'CODE_REJECTED';

export class StepUpTwoFactor {
  private readonly attempts: WindowRule;

  constructor(
    private readonly twoFactor: TwoFactorService,
    private readonly counters: CounterStore,
    private readonly options: StepUpOptions,
  ) {
    this.attempts = { limit: options.maxAttempts, windowMs: options.windowSeconds * 1000 };
  }

  /** Passes small orders; spends the code of a large one, or refuses saying what is needed. */
  async check(buyer: AccountPrincipal, quantity: number, code: string | null | undefined): Promise<void> {
    if (quantity <= this.options.threshold) return;
    if (buyer.kind === 'apiKey') throw this.required('API_KEY', 'sign in as the user (an API key cannot give a second factor)');
    if (!(await this.twoFactor.isEnabled(buyer.userId))) throw this.required('NOT_ENROLLED', 'turn on two-factor authentication (enrollTwoFactor, confirmTwoFactor), then send a current code as twoFactorCode');
    if (!code?.trim()) throw this.required('CODE_MISSING', 'send a current code from your authenticator app as twoFactorCode');
    await this.countAttempt(buyer.userId, code);
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
    const message = `Orders of more than ${this.options.threshold} tickets need a fresh second factor: ${what}`;
    return byRule('stepUp', new AppError('TWO_FACTOR_REQUIRED', message, { reason, threshold: this.options.threshold }));
  }
}
