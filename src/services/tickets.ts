// Buying tickets: the flow scalpers and double-clicks attack. Each store rule is one conditional
// write (see repositories/ports.ts), so concurrent buyers and replicas cannot oversell, pass the
// per-user cap, or turn one idempotency key into two purchases. The flow rules of a NEW order (account
// age, per-address cap; then, once the allowance is reserved, the step-up second factor:
// flow-rules/purchase-rules.ts) run after the key is claimed, so a replay never counts again; a
// refusal at any step undoes every step before it, each once.
// Every purchase and every refusal is an audit event (flow-rules/flow-audit.ts).
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError, badInput, notFound } from '../errors/app-error';
import type { EventRecord, Page, PageRequest, PurchaseRecord, Store } from '../repositories/ports';
import type { AccountPrincipal } from '../context/principal';
import type { AuditService } from '../audit/audit-service';
import type { Logger } from '../logging/logger';
import type { Clock } from './clock';
import { auditRefusal, auditSuccess } from './flow-rules/flow-audit';
import type { PurchaseRules } from './flow-rules/purchase-rules';
import { byRule } from './flow-rules/refusal';
import { giveBackAll, nothingToGiveBack, type GiveBack } from '../limits/window';
import type { RequestMeta } from './request-meta';

export interface BuyTicketInput {
  eventId: string;
  quantity: number;
  idempotencyKey: string;
  /** A current TOTP code: required once the buyer's code-free tickets for the event would pass the step-up threshold. */
  twoFactorCode?: string | null;
}

export interface TicketRules {
  maxTicketsPerOrder: number;
  /** How long a retry waits for an in-flight purchase with the same key. */
  idempotencyWaitMs: number;
}

export interface TicketServiceDeps {
  store: Store;
  clock: Clock;
  rules: TicketRules;
  flowRules: PurchaseRules;
  audit: AuditService;
  logger: Logger;
}

type Order = { buyer: AccountPrincipal; input: BuyTicketInput; meta: RequestMeta };
type Steps = { admitted: GiveBack; reserved: boolean; steppedUp: GiveBack; taken: boolean };

const POLL_MS = 10;

export class TicketService {
  private readonly store: Store;

  constructor(private readonly deps: TicketServiceDeps) {
    this.store = deps.store;
  }

  /** Buys, and records the purchase or the refusal in the audit trail. */
  async buy(buyer: AccountPrincipal, input: BuyTicketInput, meta: RequestMeta): Promise<PurchaseRecord> {
    const facts = { eventId: input.eventId, quantity: input.quantity };
    try {
      const { purchase, replay } = await this.place({ buyer, input, meta });
      await auditSuccess(this.deps.audit, meta, 'buyTicket', buyer, { ...facts, purchaseId: purchase.id, ...(replay ? { replay } : {}) });
      return purchase;
    } catch (error) {
      await auditRefusal(this.deps.audit, meta, 'buyTicket', buyer, error, facts);
      throw error;
    }
  }

  /** Validate → load the event → claim the idempotency key → flow rules → reserve allowance → step-up → take tickets → complete. */
  private async place(order: Order): Promise<{ purchase: PurchaseRecord; replay: boolean }> {
    const { input } = order;
    this.checkQuantity(input.quantity);
    const event = await this.store.events.findById(input.eventId);
    if (!event) throw notFound('Event');
    const deadline = Date.now() + this.deps.rules.idempotencyWaitMs;
    for (;;) {
      const pending = this.pendingPurchase(order.buyer, input);
      const claim = await this.store.purchases.claim(pending);
      if (claim.claimed) return { purchase: await this.fulfil(pending, event, order), replay: false };
      const replay = answerForExisting(claim.existing, input);
      if (replay) return { purchase: replay, replay: true };
      if (Date.now() >= deadline) {
        throw byRule('idempotency', new AppError('IDEMPOTENCY_IN_PROGRESS', 'A purchase with this idempotency key is still in progress; retry shortly'));
      }
      await sleep(POLL_MS);
    }
  }

  myPurchases(buyer: AccountPrincipal, page: PageRequest): Promise<Page<PurchaseRecord>> {
    return this.store.purchases.listByUser(buyer.userId, page);
  }

  private checkQuantity(quantity: number): void {
    const max = this.deps.rules.maxTicketsPerOrder;
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > max) {
      throw byRule('perOrderMaximum', badInput('quantity', `quantity must be a whole number from 1 to ${max}`));
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
      createdAt: this.deps.clock.now(),
    };
  }

  /** The claimed purchase goes through, or every step already taken is undone and the key freed. */
  private async fulfil(pending: PurchaseRecord, event: EventRecord, order: Order): Promise<PurchaseRecord> {
    const { userId, eventId, quantity } = pending;
    const done: Steps = { admitted: nothingToGiveBack, reserved: false, steppedUp: nothingToGiveBack, taken: false };
    const facts = { buyer: order.buyer, eventId, quantity, twoFactorCode: order.input.twoFactorCode, clientAddress: order.meta.clientAddress };
    try {
      done.admitted = await this.deps.flowRules.admit(facts);
      done.reserved = await this.store.allowances.reserve(userId, eventId, quantity, event.maxTicketsPerUser);
      if (!done.reserved) {
        throw byRule('perUserCap', new AppError('PURCHASE_LIMIT_EXCEEDED', `At most ${event.maxTicketsPerUser} tickets per person for this event`, { limit: 'perUser', maxTicketsPerUser: event.maxTicketsPerUser }));
      }
      // After the allowance: an order the per-user cap refuses is never asked for a code, nor spends one.
      done.steppedUp = await this.deps.flowRules.stepUp(facts);
      done.taken = (await this.store.events.takeTickets(eventId, quantity)) !== null;
      if (!done.taken) throw byRule('inventory', new AppError('SOLD_OUT', 'Not enough tickets left for this order'));
      return await this.store.purchases.complete(pending.id, quantity * event.priceCents);
    } catch (error) {
      // The original error is the one to report; a failed undo is logged for an operator.
      await this.undo(pending, done).catch((undoError: unknown) => {
        this.deps.logger.error('buyTicket: undoing a failed purchase failed', { purchaseId: pending.id, reserved: done.reserved, taken: done.taken, error: undoError });
      });
      throw error;
    }
  }

  /**
   * Every step is undone on its own: one that fails (a store error) must not leave the others in
   * place, or the flow counters would hold tickets never sold and the key would stay claimed for
   * ever (IDEMPOTENCY_IN_PROGRESS on every retry). What failed stays on the strict side and is logged.
   */
  private async undo(pending: PurchaseRecord, done: Steps): Promise<void> {
    const steps: GiveBack[] = [done.steppedUp, done.admitted];
    if (done.taken) steps.push(async () => void (await this.store.events.returnTickets(pending.eventId, pending.quantity)));
    if (done.reserved) steps.push(() => this.store.allowances.release(pending.userId, pending.eventId, pending.quantity));
    try {
      await giveBackAll(steps)();
    } finally {
      await this.store.purchases.releasePending(pending.id);
    }
  }
}

/** A retry returns the original purchase; the same key with another input is a conflict. */
function answerForExisting(existing: PurchaseRecord, input: BuyTicketInput): PurchaseRecord | undefined {
  if (existing.eventId !== input.eventId || existing.quantity !== input.quantity) {
    throw byRule('idempotency', new AppError('IDEMPOTENCY_CONFLICT', 'This idempotency key was already used with a different input'));
  }
  return existing.status === 'completed' ? existing : undefined;
}
