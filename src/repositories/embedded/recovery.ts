// Purchases a crash interrupted. buyTicket claims its idempotency key, reserves the buyer's
// allowance, takes the tickets, then completes; a process that dies in between leaves a claim
// without a purchase (IDEMPOTENCY_IN_PROGRESS for that key for ever) and perhaps an allowance and
// tickets counted for a purchase that never happened. The embedded store belongs to one process, so
// when it opens nothing can be in flight: every claim without a purchase was interrupted. Which of
// its steps ran is not recorded, so the counters it may have touched are recomputed from what they
// count, the completed purchases (an event's ticketsAvailable is its capacity minus their tickets, an
// allowance is their tickets for that buyer and event), and the claims are removed, which frees
// their keys for the client's retry. (MongoDB is shared by replicas, where a claim without a
// purchase may still be in flight: see README, "Not yet".)
import type Datastore from '@seald-io/nedb';
import type { Doc } from './shared';

export interface RecoveredPurchases {
  /** Claims without a purchase, now removed. */
  claims: number;
  /** Events whose ticketsAvailable was recomputed. */
  events: number;
  /** (buyer, event) allowances recomputed. */
  allowances: number;
}

export interface PurchaseDatastores {
  claims: Datastore;
  purchases: Datastore;
  events: Datastore;
  allowances: Datastore;
}

/**
 * Runs once, when the store opens and before anything else can use it. Reads nedb's in-memory
 * documents directly (getAllData: no copies) and makes one pass over the purchases, so a clean open
 * of 100,000 purchases costs a fraction of a second.
 */
export async function recoverInterruptedPurchases(db: PurchaseDatastores): Promise<RecoveredPurchases> {
  const purchases = db.purchases.getAllData() as Doc[];
  // Datafiles from before claims had their own collection may hold pending purchases: not sold.
  const completed = purchases.filter((doc) => doc.status === 'completed');
  const completedIds = new Set(completed.map((doc) => doc._id));
  const interrupted = (db.claims.getAllData() as Doc[]).filter((claim) => !completedIds.has(claim._id));
  if (interrupted.length === 0) return { claims: 0, events: 0, allowances: 0 };

  const pairKey = (userId: unknown, eventId: unknown) => `${String(userId)}\u0000${String(eventId)}`;
  const eventIds = new Set(interrupted.map((claim) => String(claim.eventId)));
  const pairs = new Map(interrupted.map((claim) => [pairKey(claim.userId, claim.eventId), { userId: String(claim.userId), eventId: String(claim.eventId) }]));
  const soldPerEvent = new Map<string, number>();
  const soldPerPair = new Map<string, number>();
  for (const doc of completed) {
    const eventId = String(doc.eventId);
    if (!eventIds.has(eventId)) continue;
    soldPerEvent.set(eventId, (soldPerEvent.get(eventId) ?? 0) + Number(doc.quantity));
    const pair = pairKey(doc.userId, eventId);
    if (pairs.has(pair)) soldPerPair.set(pair, (soldPerPair.get(pair) ?? 0) + Number(doc.quantity));
  }

  for (const eventId of eventIds) {
    const event = (await db.events.findOneAsync({ _id: eventId }, { capacity: 1 })) as Doc | null;
    if (!event) continue;
    const capacity = Number(event.capacity);
    const left = Math.max(0, Math.min(capacity, capacity - (soldPerEvent.get(eventId) ?? 0)));
    await db.events.updateAsync({ _id: eventId }, { $set: { ticketsAvailable: left } });
  }
  let allowances = 0;
  for (const [key, { userId, eventId }] of pairs) {
    const { numAffected } = await db.allowances.updateAsync({ userId, eventId }, { $set: { count: soldPerPair.get(key) ?? 0 } });
    allowances += numAffected;
  }
  // Last, so an open that fails half way finds the same claims and does the same work again.
  await db.claims.removeAsync({ _id: { $in: interrupted.map((claim) => claim._id) } }, { multi: true });
  return { claims: interrupted.length, events: eventIds.size, allowances };
}
