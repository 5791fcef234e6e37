import type { Collection } from 'mongodb';
import type { EventRecord, EventRepository, Page, PageRequest } from '../ports';
import { assertQuantity, keyset, pageSize, toDoc, toEvent, toPage, type EventDoc } from './documents';

export class MongoEventRepository implements EventRepository {
  constructor(private readonly events: Collection<EventDoc>) {}

  async insert(event: EventRecord): Promise<void> {
    await this.events.insertOne(toDoc(event));
  }

  async findById(id: string): Promise<EventRecord | null> {
    const doc = await this.events.findOne({ _id: id });
    return doc ? toEvent(doc) : null;
  }

  async findByIds(ids: readonly string[]): Promise<EventRecord[]> {
    if (ids.length === 0) return [];
    const docs = await this.events.find({ _id: { $in: [...ids] } }).toArray();
    return docs.map(toEvent);
  }

  async list(page: PageRequest): Promise<Page<EventRecord>> {
    const { filter, sort } = keyset<EventDoc>('startsAt', 1, page);
    const docs = await this.events.find(filter).sort(sort).limit(pageSize(page) + 1).toArray();
    return toPage(docs, page, toEvent);
  }

  count(): Promise<number> {
    return this.events.countDocuments();
  }

  async takeTickets(eventId: string, quantity: number): Promise<EventRecord | null> {
    assertQuantity(quantity);
    const doc = await this.events.findOneAndUpdate(
      { _id: eventId, ticketsAvailable: { $gte: quantity } },
      { $inc: { ticketsAvailable: -quantity } },
      { returnDocument: 'after' },
    );
    return doc ? toEvent(doc) : null;
  }

  async returnTickets(eventId: string, quantity: number): Promise<void> {
    assertQuantity(quantity);
    // A pipeline update reads the document's own capacity, so the cap holds in the same write.
    await this.events.updateOne({ _id: eventId }, [
      { $set: { ticketsAvailable: { $min: ['$capacity', { $add: ['$ticketsAvailable', quantity] }] } } },
    ]);
  }
}
