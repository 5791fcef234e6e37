import type { EventRecord, EventRepository, Page, PageRequest } from '../ports';
import { assertQuantity, Collection, type Doc, findPage, fromDoc, toDoc } from './shared';

export class EmbeddedEventRepository implements EventRepository {
  constructor(private readonly events: Collection) {}

  async insert(event: EventRecord): Promise<void> {
    await this.events.db.insertAsync(toDoc(event));
  }

  async findById(id: string): Promise<EventRecord | null> {
    const doc = (await this.events.db.findOneAsync({ _id: id })) as Doc | null;
    return doc ? fromDoc<EventRecord>(doc) : null;
  }

  async findByIds(ids: readonly string[]): Promise<EventRecord[]> {
    if (ids.length === 0) return [];
    const docs = (await this.events.db.findAsync({ _id: { $in: [...ids] } })) as Doc[];
    return docs.map((doc) => fromDoc<EventRecord>(doc));
  }

  list(page: PageRequest): Promise<Page<EventRecord>> {
    return findPage<EventRecord>(this.events.db, {}, 'startsAt', 1, page);
  }

  count(): Promise<number> {
    return this.events.db.countAsync({}) as unknown as Promise<number>;
  }

  async takeTickets(eventId: string, quantity: number): Promise<EventRecord | null> {
    assertQuantity(quantity);
    const { numAffected, affectedDocuments } = await this.events.db.updateAsync(
      { _id: eventId, ticketsAvailable: { $gte: quantity } },
      { $inc: { ticketsAvailable: -quantity } },
      { returnUpdatedDocs: true },
    );
    // nedb leaves affectedDocuments undefined (not null) when nothing matched.
    return numAffected === 1 ? fromDoc<EventRecord>(affectedDocuments as Doc) : null;
  }

  returnTickets(eventId: string, quantity: number): Promise<void> {
    assertQuantity(quantity);
    const db = this.events.db;
    return this.events.track(async () => {
      // Capacity never changes, so reading it first is not a read-then-write race on the counter.
      const event = (await db.findOneAsync({ _id: eventId }, { capacity: 1 })) as Doc | null;
      if (!event) return;
      // One write: nedb applies modifiers in order (model.js modify), so $min clamps the $inc result.
      await db.updateAsync({ _id: eventId }, { $inc: { ticketsAvailable: quantity }, $min: { ticketsAvailable: event.capacity } });
    });
  }
}
