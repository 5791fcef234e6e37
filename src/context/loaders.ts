// Per-request batch loaders (DataLoader): the purchases of a page ask the store for their events in
// one query, not one query each. One set per request, so nothing loaded is shared between callers
// or outlives the request; each loader is made on first use, so requests that load nothing pay
// nothing for it. Batching only, no cache: the root fields of a mutation run one after another and
// change what they load (two buyTicket in one request must each see the tickets left after it).
import DataLoader from 'dataloader';
import type { EventRecord } from '../repositories/ports';
import type { Services } from '../services';

export class RequestLoaders {
  private eventLoader?: DataLoader<string, EventRecord | null>;

  constructor(private readonly services: Services) {}

  /** Events by id, batched over one tick of execution; null for an unknown id. */
  get events(): DataLoader<string, EventRecord | null> {
    return (this.eventLoader ??= new DataLoader((ids) => this.services.events.getMany(ids), { cache: false }));
  }
}
