import type { Collection } from 'mongodb';
import type { ClaimResult, Page, PageRequest, PurchaseRecord, PurchaseRepository } from '../ports';
import { isDuplicateKey } from './indexes';
import { keyset, pageSize, toDoc, toPage, toPurchase, type PurchaseDoc } from './documents';

export class MongoPurchaseRepository implements PurchaseRepository {
  constructor(private readonly purchases: Collection<PurchaseDoc>) {}

  async claim(pending: PurchaseRecord): Promise<ClaimResult> {
    // Two rounds: the holder of the key may release it between our failed insert and our read.
    for (let round = 0; round < 2; round++) {
      try {
        await this.purchases.insertOne(toDoc(pending));
        return { claimed: true };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      const existing = await this.findByIdempotencyKey(pending.userId, pending.idempotencyKey);
      if (existing) return { claimed: false, existing };
    }
    throw new Error(`MongoDB: purchase ${pending.id} collides with a stored purchase of the same id`);
  }

  async complete(id: string, totalCents: number): Promise<PurchaseRecord> {
    const doc = await this.purchases.findOneAndUpdate(
      { _id: id, status: 'pending' },
      { $set: { status: 'completed', totalCents } },
      { returnDocument: 'after' },
    );
    if (doc) return toPurchase(doc);
    throw new Error(`purchase ${id} is not pending`);
  }

  async releasePending(id: string): Promise<void> {
    await this.purchases.deleteOne({ _id: id, status: 'pending' });
  }

  async findByIdempotencyKey(userId: string, idempotencyKey: string): Promise<PurchaseRecord | null> {
    const doc = await this.purchases.findOne({ userId, idempotencyKey });
    return doc ? toPurchase(doc) : null;
  }

  async listByUser(userId: string, page: PageRequest): Promise<Page<PurchaseRecord>> {
    const { filter, sort } = keyset<PurchaseDoc>('createdAt', -1, page);
    const docs = await this.purchases
      .find({ ...filter, userId, status: 'completed' })
      .sort(sort)
      .limit(pageSize(page) + 1)
      .toArray();
    return toPage(docs, page, toPurchase);
  }
}
