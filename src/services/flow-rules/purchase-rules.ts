// The rules a NEW order passes (services/tickets.ts runs them after claiming the idempotency key, so
// a replay never meets them), in two phases around the store's reservation of the buyer's allowance:
// `admit` (account age, per-address cap) before it, `stepUp` after it and last before the tickets
// are taken. So an order the per-user cap refuses is never asked for a second factor (nor spends
// one), and the step-up count only ever holds tickets the buyer was allowed. Cheapest and write-free
// first; every step taken is given back when a later one refuses, and the caller gives each phase
// back (once: the give-backs are once-only) when the order fails after it. The step-up rule either
// counts the order's tickets against the buyer's code-free tickets for the event (given back like
// the other counts) or spends a code. The one thing that cannot be given back is a spent TOTP code:
// it is spent last, after every counter and the allowance have said yes.
import type { AccountPrincipal } from '../../context/principal';
import type { MinimumAccountAge } from './account-age';
import type { AddressTicketCap } from './address-ticket-cap';
import type { StepUpTwoFactor } from './step-up';
import type { GiveBack } from '../../limits/window';

export interface OrderFacts {
  buyer: AccountPrincipal;
  eventId: string;
  quantity: number;
  twoFactorCode?: string | null;
  clientAddress: string;
}

export class PurchaseRules {
  constructor(
    private readonly rules: { accountAge: MinimumAccountAge; addressCap: AddressTicketCap; stepUp: StepUpTwoFactor },
  ) {}

  /** Before the allowance is reserved: admits the order (or throws the refusal, with nothing left counted); returns how to undo it. */
  async admit(order: OrderFacts): Promise<GiveBack> {
    await this.rules.accountAge.check(order.buyer.userId);
    return this.rules.addressCap.take(order.eventId, order.clientAddress, order.quantity);
  }

  /**
   * After the allowance is reserved, last before the tickets are taken: counts the order against the
   * buyer's code-free tickets for the event, or spends its code (or throws the refusal, with nothing
   * left counted); returns how to give the count back.
   */
  stepUp(order: OrderFacts): Promise<GiveBack> {
    return this.rules.stepUp.check(order.buyer, order.eventId, order.quantity, order.twoFactorCode);
  }
}
