import type Datastore from '@seald-io/nedb';
import type { ClaimResult, Page, PageRequest, PurchaseRecord, PurchaseRepository } from '../ports';
import { Collection, type Doc, findPage, fromDoc, isUniqueViolation, toDoc } from './shared';

type Claim = Omit<PurchaseRecord, 'status' | 'totalCents'>;

/**
 * Two collections: `claims` (one per idempotency key, unique on (userId, idempotencyKey), `_id` =
 * the purchase id) and `purchases` (completed purchases only). A purchase is pending while its
 * claim has no purchase. Keeping them apart gives each purchase one append per datafile: nedb
 * writes each file through one queue, and two writes to the same file per purchase halved the
 * throughput of buyTicket (see README, Benchmark).
 */
export class EmbeddedPurchaseRepository implements PurchaseRepository {
  constructor(
    private readonly claims: Collection,
    private readonly purchases: Collection,
  ) {}

  /** The unique (userId, idempotencyKey) index decides who claims; losers get the winner's purchase. */
  claim(pending: PurchaseRecord): Promise<ClaimResult> {
    const { status: _status, totalCents: _total, ...claim } = pending;
    const [claims, purchases] = [this.claims.db, this.purchases.db];
    return this.claims.track(async () => {
      // Two attempts: the existing claim may be released between our failed insert and our read.
      for (let attempt = 0; attempt < 2; attempt += 1) {
        try {
          await claims.insertAsync(toDoc(claim));
          return { claimed: true };
        } catch (err) {
          if (!isUniqueViolation(err)) throw err;
        }
        const existing = await purchaseForKey(claims, purchases, pending.userId, pending.idempotencyKey);
        if (existing) return { claimed: false, existing };
      }
      throw new Error(`Could not claim purchase ${pending.id}: its id is already in use`);
    });
  }

  complete(id: string, totalCents: number): Promise<PurchaseRecord> {
    const [claims, purchases] = [this.claims.db, this.purchases.db];
    return this.claims.track(async () => {
      const claim = (await claims.findOneAsync({ _id: id })) as Doc | null;
      if (!claim) throw new Error(`No pending purchase with id ${id}`);
      const purchase: PurchaseRecord = { ...fromDoc<Claim>(claim), status: 'completed', totalCents };
      try {
        await purchases.insertAsync(toDoc(purchase));
      } catch (err) {
        if (isUniqueViolation(err)) throw new Error(`No pending purchase with id ${id}`);
        throw err;
      }
      return purchase;
    });
  }

  releasePending(id: string): Promise<void> {
    const [claims, purchases] = [this.claims.db, this.purchases.db];
    return this.claims.track(async () => {
      if (await purchases.findOneAsync({ _id: id })) return; // completed: its claim stays
      await claims.removeAsync({ _id: id }, {});
    });
  }

  findByIdempotencyKey(userId: string, idempotencyKey: string): Promise<PurchaseRecord | null> {
    const [claims, purchases] = [this.claims.db, this.purchases.db];
    return this.claims.track(() => purchaseForKey(claims, purchases, userId, idempotencyKey));
  }

  listByUser(userId: string, page: PageRequest): Promise<Page<PurchaseRecord>> {
    return findPage<PurchaseRecord>(this.purchases.db, { userId }, 'createdAt', -1, page);
  }
}

/** The purchase claimed under a key: completed when its purchase exists, pending otherwise. */
async function purchaseForKey(claims: Datastore, purchases: Datastore, userId: string, idempotencyKey: string): Promise<PurchaseRecord | null> {
  const claim = (await claims.findOneAsync({ userId, idempotencyKey })) as Doc | null;
  if (!claim) return null;
  const purchase = (await purchases.findOneAsync({ _id: claim._id })) as Doc | null;
  return purchase ? fromDoc<PurchaseRecord>(purchase) : { ...fromDoc<Claim>(claim), status: 'pending', totalCents: null };
}
