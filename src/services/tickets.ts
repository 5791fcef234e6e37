// Buying tickets: the flow scalpers and double-clicks attack. Each rule is enforced by one
// conditional write in the store (see repositories/ports.ts), so concurrent buyers and replicas
// cannot oversell, pass the per-user cap, or turn one idempotency key into two purchases.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError, badInput, notFound } from '../errors/app-error';
import type { EventRecord, Page, PageRequest, PurchaseRecord, Store } from '../repositories/ports';
import type { AccountPrincipal } from '../context/principal';
import type { Logger } from '../logging/logger';
import type { Clock } from './clock';

export interface BuyTicketInput {
  eventId: string;
  quantity: number;
  idempotencyKey: string;
}

export interface TicketRules {
  maxTicketsPerOrder: number;
  /** How long a retry waits for an in-flight purchase with the same key. */
  idempotencyWaitMs: number;
}

const POLL_MS = 10;

export class TicketService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly rules: TicketRules,
    private readonly logger: Logger,
  ) {}

  /** Validate → load the event → claim the idempotency key → reserve allowance → take tickets → complete. */
  async buy(buyer: AccountPrincipal, input: BuyTicketInput): Promise<PurchaseRecord> {
    this.checkQuantity(input.quantity);
    const event = await this.store.events.findById(input.eventId);
    if (!event) throw notFound('Event');
    const deadline = Date.now() + this.rules.idempotencyWaitMs;
    for (;;) {
      const pending = this.pendingPurchase(buyer, input);
      const claim = await this.store.purchases.claim(pending);
      if (claim.claimed) return this.fulfil(pending, event);
      const replay = answerForExisting(claim.existing, input);
      if (replay) return replay;
      if (Date.now() >= deadline) {
        throw new AppError('IDEMPOTENCY_IN_PROGRESS', 'A purchase with this idempotency key is still in progress; retry shortly');
      }
      await sleep(POLL_MS);
    }
  }

  myPurchases(buyer: AccountPrincipal, page: PageRequest): Promise<Page<PurchaseRecord>> {
    return this.store.purchases.listByUser(buyer.userId, page);
  }

  private checkQuantity(quantity: number): void {
    const max = this.rules.maxTicketsPerOrder;
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > max) {
      throw badInput('quantity', `quantity must be a whole number from 1 to ${max}`);
    }
  }

  private pendingPurchase(buyer: AccountPrincipal, input: BuyTicketInput): PurchaseRecord {
    return {
      id: randomUUID(),
      userId: buyer.userId,
      eventId: input.eventId,
      quantity: input.quantity,
      totalCents: null,
      idempotencyKey: input.idempotencyKey,
      status: 'pending',
      createdAt: this.clock.now(),
    };
  }

  /** The claimed purchase goes through, or every step already taken is undone and the key freed. */
  private async fulfil(pending: PurchaseRecord, event: EventRecord): Promise<PurchaseRecord> {
    const { userId, eventId, quantity } = pending;
    const done = { reserved: false, taken: false };
    try {
      done.reserved = await this.store.allowances.reserve(userId, eventId, quantity, event.maxTicketsPerUser);
      if (!done.reserved) {
        throw new AppError('PURCHASE_LIMIT_EXCEEDED', `At most ${event.maxTicketsPerUser} tickets per person for this event`, { maxTicketsPerUser: event.maxTicketsPerUser });
      }
      done.taken = (await this.store.events.takeTickets(eventId, quantity)) !== null;
      if (!done.taken) throw new AppError('SOLD_OUT', 'Not enough tickets left for this order');
      return await this.store.purchases.complete(pending.id, quantity * event.priceCents);
    } catch (error) {
      // The original error is the one to report; a failed undo is logged for an operator.
      await this.undo(pending, done).catch((undoError: unknown) => {
        this.logger.error('buyTicket: undoing a failed purchase failed', { purchaseId: pending.id, ...done, error: undoError });
      });
      throw error;
    }
  }

  private async undo(pending: PurchaseRecord, done: { reserved: boolean; taken: boolean }): Promise<void> {
    if (done.taken) await this.store.events.returnTickets(pending.eventId, pending.quantity);
    if (done.reserved) await this.store.allowances.release(pending.userId, pending.eventId, pending.quantity);
    await this.store.purchases.releasePending(pending.id);
  }
}

/** A retry returns the original purchase; the same key with another input is a conflict. */
function answerForExisting(existing: PurchaseRecord, input: BuyTicketInput): PurchaseRecord | undefined {
  if (existing.eventId !== input.eventId || existing.quantity !== input.quantity) {
    throw new AppError('IDEMPOTENCY_CONFLICT', 'This idempotency key was already used with a different input');
  }
  return existing.status === 'completed' ? existing : undefined;
}
