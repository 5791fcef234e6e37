// Events: listing, reading and creating them.
import { randomUUID } from 'node:crypto';
import { badInput } from '../errors/app-error';
import type { EventRecord, Page, PageRequest, Store } from '../repositories/ports';
import type { Clock } from './clock';

export interface NewEventInput {
  name: string;
  venue: string;
  startsAt: Date;
  capacity: number;
  priceCents: number;
  maxTicketsPerUser?: number | null;
}

export class EventService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly defaults: { maxTicketsPerUser: number },
  ) {}

  list(page: PageRequest): Promise<Page<EventRecord>> {
    return this.store.events.list(page);
  }

  get(id: string): Promise<EventRecord | null> {
    return this.store.events.findById(id);
  }

  /** The events with these ids, in the same order (null where there is none): one store query. */
  async getMany(ids: readonly string[]): Promise<Array<EventRecord | null>> {
    const byId = new Map((await this.store.events.findByIds([...new Set(ids)])).map((event) => [event.id, event]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async create(input: NewEventInput): Promise<EventRecord> {
    const name = requireText('name', input.name);
    const venue = requireText('venue', input.venue);
    const maxTicketsPerUser = input.maxTicketsPerUser ?? Math.min(this.defaults.maxTicketsPerUser, input.capacity);
    if (maxTicketsPerUser > input.capacity) {
      throw badInput('maxTicketsPerUser', 'maxTicketsPerUser must not be greater than capacity');
    }
    const event: EventRecord = {
      id: randomUUID(),
      name,
      venue,
      startsAt: input.startsAt,
      capacity: input.capacity,
      ticketsAvailable: input.capacity,
      priceCents: input.priceCents,
      maxTicketsPerUser,
      createdAt: this.clock.now(),
    };
    await this.store.events.insert(event);
    return event;
  }
}

/** 1 to 200 characters after trimming: a name of spaces is no name. */
function requireText(field: string, value: string): string {
  const text = value.trim();
  if (text.length === 0 || text.length > 200) throw badInput(field, `${field} must be 1 to 200 characters after trimming`);
  return text;
}
