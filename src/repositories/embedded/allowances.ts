import type { TicketAllowanceRepository } from '../ports';
import { assertQuantity, Collection, type Doc, isUniqueViolation } from './shared';

/** One document per (userId, eventId): `{ userId, eventId, count }`, unique on the pair. */
export class EmbeddedTicketAllowanceRepository implements TicketAllowanceRepository {
  constructor(private readonly allowances: Collection) {}

  /**
   * One conditional upsert: it updates the pair's document while count stays within the cap, or
   * inserts it when there is none. When the document exists but is full, the upsert tries an
   * insert, which the unique (userId, eventId) index refuses: that refusal is the "no".
   */
  async reserve(userId: string, eventId: string, quantity: number, maxPerUser: number): Promise<boolean> {
    assertQuantity(quantity);
    if (quantity > maxPerUser) return false;
    try {
      // The condition sits in $and because nedb builds the upserted document from the query minus
      // its operators: a bare `count: { $lte }` would leave `count: {}` and break $inc.
      const { numAffected } = await this.allowances.db.updateAsync(
        { userId, eventId, $and: [{ count: { $lte: maxPerUser - quantity } }] },
        { $inc: { count: quantity } },
        { upsert: true },
      );
      return numAffected === 1;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  async release(userId: string, eventId: string, quantity: number): Promise<void> {
    assertQuantity(quantity);
    // $max after $inc in the same write keeps the count from going below zero.
    await this.allowances.db.updateAsync({ userId, eventId }, { $inc: { count: -quantity }, $max: { count: 0 } });
  }

  async used(userId: string, eventId: string): Promise<number> {
    const doc = (await this.allowances.db.findOneAsync({ userId, eventId })) as Doc | null;
    return typeof doc?.count === 'number' ? doc.count : 0;
  }
}
