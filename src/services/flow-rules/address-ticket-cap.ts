// Scalping from one place: many accounts (fifty sign-ups are cheap) buying the same event from one
// client address. Each account stays under its own cap; this rule caps the tickets of one event that
// one address (an IPv6 /64) may buy per window, whichever accounts buy them. It counts TICKETS, not
// orders, with one atomic consume, and gives them back when the order is refused later on.
import { AppError } from '../../errors/app-error';
import type { CounterStore, WindowRule } from '../../limits/ports';
import { addressGroup } from '../../context/address-group';
import { byRule, retryAfterSeconds } from './refusal';
import { takeFromWindow, type GiveBack } from '../../limits/window';

export interface AddressTicketCapOptions {
  /** Tickets per address per event per window. Default (config): 10. */
  limit: number;
  /** Default (config): 3600. */
  windowSeconds: number;
}

export class AddressTicketCap {
  private readonly rule: WindowRule;

  constructor(
    private readonly counters: CounterStore,
    options: AddressTicketCapOptions,
  ) {
    this.rule = { limit: options.limit, windowMs: options.windowSeconds * 1000 };
  }

  /** Counts the order's tickets for (event, address); PURCHASE_LIMIT_EXCEEDED (nothing counted) when over. */
  async take(eventId: string, clientAddress: string, quantity: number): Promise<GiveBack> {
    const key = `flow:buyTicket:address:${eventId}:${addressGroup(clientAddress)}`;
    const taken = await takeFromWindow(this.counters, key, quantity, this.rule);
    if (taken.allowed) return taken.giveBack;
    const retryAfter = retryAfterSeconds(taken.retryAfterMs);
    throw byRule('perAddressCap', new AppError('PURCHASE_LIMIT_EXCEEDED', `At most ${this.rule.limit} tickets for this event from one network address per ${this.rule.windowMs / 1000} s; retry in ${retryAfter} s`, { limit: 'perAddress', retryAfter }));
  }
}
