import type { ClaimResult, Page, PageRequest, PurchaseRecord, PurchaseRepository } from '../ports';
import { Collection, type Doc, findPage, fromDoc, isUniqueViolation, toDoc } from './shared';

export class EmbeddedPurchaseRepository implements PurchaseRepository {
  constructor(private readonly purchases: Collection) {}

  /** The unique (userId, idempotencyKey) index decides who claims; losers read the winner's record. */
  async claim(pending: PurchaseRecord): Promise<ClaimResult> {
    const db = this.purchases.db;
    // Two attempts: the existing purchase may be released between our failed insert and our read.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        await db.insertAsync(toDoc(pending));
        return { claimed: true };
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
      }
      const existing = (await db.findOneAsync({ userId: pending.userId, idempotencyKey: pending.idempotencyKey })) as Doc | null;
      if (existing) return { claimed: false, existing: fromDoc<PurchaseRecord>(existing) };
    }
    throw new Error(`Could not claim purchase ${pending.id}: its id is already in use`);
  }

  async complete(id: string, totalCents: number): Promise<PurchaseRecord> {
    const { numAffected, affectedDocuments } = await this.purchases.db.updateAsync(
      { _id: id, status: 'pending' },
      { $set: { status: 'completed', totalCents } },
      { returnUpdatedDocs: true },
    );
    if (numAffected !== 1) throw new Error(`No pending purchase with id ${id}`);
    return fromDoc<PurchaseRecord>(affectedDocuments as Doc);
  }

  async releasePending(id: string): Promise<void> {
    await this.purchases.db.removeAsync({ _id: id, status: 'pending' }, {});
  }

  async findByIdempotencyKey(userId: string, idempotencyKey: string): Promise<PurchaseRecord | null> {
    const doc = (await this.purchases.db.findOneAsync({ userId, idempotencyKey })) as Doc | null;
    return doc ? fromDoc<PurchaseRecord>(doc) : null;
  }

  listByUser(userId: string, page: PageRequest): Promise<Page<PurchaseRecord>> {
    return findPage<PurchaseRecord>(this.purchases.db, { userId, status: 'completed' }, 'createdAt', -1, page);
  }
}
