// The rules a NEW order passes before the store reserves the buyer's allowance and takes tickets
// (services/tickets.ts runs them after claiming the idempotency key, so a replay never meets them).
// Cheapest and write-free first; every step taken is given back when a later one refuses, and the
// caller gives the whole admission back when the order fails after it. The one thing that cannot
// be given back is a spent TOTP code: it is spent last, after every counter has said yes.
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

  /** Admits the order (or throws the refusal, with nothing left counted); returns how to undo it. */
  async admit(order: OrderFacts): Promise<GiveBack> {
    await this.rules.accountAge.check(order.buyer.userId);
    const giveBack = await this.rules.addressCap.take(order.eventId, order.clientAddress, order.quantity);
    try {
      await this.rules.stepUp.check(order.buyer, order.quantity, order.twoFactorCode);
    } catch (refusal) {
      await giveBack();
      throw refusal;
    }
    return giveBack;
  }
}
