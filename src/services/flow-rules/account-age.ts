// "Faster than a human": bots sign up and buy or post in the same second; people do not. A flow that
// switches this rule on (a minimum age above 0) refuses accounts younger than that with TOO_FAST and
// says when to come back. Off by default: a real fan may sign up just to buy. The age is measured on
// the server's clock against the account's stored creation time, never on anything the client sends.
import { AppError } from '../../errors/app-error';
import type { AccountRepository } from '../../repositories/ports';
import type { Clock } from '../clock';
import { byRule, retryAfterSeconds } from './refusal';

export class MinimumAccountAge {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly clock: Clock,
    /** 0 turns the rule off (no lookup at all). */
    private readonly minSeconds: number,
  ) {}

  async check(userId: string): Promise<void> {
    if (this.minSeconds <= 0) return;
    const account = await this.accounts.findById(userId);
    if (!account) throw new AppError('UNAUTHENTICATED', 'This account no longer exists');
    const oldEnoughAt = account.createdAt.getTime() + this.minSeconds * 1000;
    const waitMs = oldEnoughAt - this.clock.now().getTime();
    if (waitMs <= 0) return;
    const retryAfter = retryAfterSeconds(waitMs);
    throw byRule('accountAge', new AppError('TOO_FAST', `This account is too new for this; retry in ${retryAfter} s`, { retryAfter }));
  }
}
