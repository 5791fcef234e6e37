import type { Collection } from 'mongodb';
import type { TicketAllowanceRepository } from '../ports';
import { isDuplicateKey } from './indexes';
import { assertQuantity, type AllowanceDoc } from './documents';

export class MongoTicketAllowanceRepository implements TicketAllowanceRepository {
  constructor(private readonly allowances: Collection<AllowanceDoc>) {}

  async reserve(userId: string, eventId: string, quantity: number, maxPerUser: number): Promise<boolean> {
    assertQuantity(quantity);
    // An upsert would create the document with count = quantity, so check this case up front.
    if (quantity > maxPerUser) return false;
    // When the guard fails on an existing document the upsert tries to insert a second one for the
    // same (userId, eventId): the unique index refuses it (11000), which means "over the allowance".
    // Two first-time reservations racing also collide on that index; the retry finds the document.
    for (let round = 0; round < 2; round++) {
      try {
        await this.allowances.updateOne(
          { userId, eventId, count: { $lte: maxPerUser - quantity } },
          { $inc: { count: quantity }, $setOnInsert: { _id: allowanceId(userId, eventId) } },
          { upsert: true },
        );
        return true;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
    }
    return false;
  }

  async release(userId: string, eventId: string, quantity: number): Promise<void> {
    assertQuantity(quantity);
    await this.allowances.updateOne({ userId, eventId }, [
      { $set: { count: { $max: [0, { $subtract: ['$count', quantity] }] } } },
    ]);
  }

  async used(userId: string, eventId: string): Promise<number> {
    const doc = await this.allowances.findOne({ userId, eventId });
    return doc?.count ?? 0;
  }
}

const allowanceId = (userId: string, eventId: string): string => JSON.stringify([userId, eventId]);
