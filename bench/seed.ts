// Identical data for every server: a thread of 100 comments, and an event to buy tickets for whose
// capacity and per-user cap no benchmark run can reach.
import { userPrincipal } from '../src/context/principal';
import type { Services } from '../src/services';
import type { NewEventInput } from '../src/services/events';

export const CAPACITY = 10_000_000;
export const COMMENT_COUNT = 100;

export interface SeedIds {
  threadEventId: string;
  saleEventId: string;
}

function bigEvent(name: string): NewEventInput {
  const startsAt = new Date(Date.now() + 30 * 24 * 3600 * 1000);
  return { name, venue: 'Bench Hall', startsAt, capacity: CAPACITY, priceCents: 2500, maxTicketsPerUser: 1_000_000 };
}

export async function seed(services: Services): Promise<SeedIds> {
  const account = await services.accounts.actingUser('bench-author');
  if (!account) throw new Error('could not create the seed author');
  const author = userPrincipal(account);
  const thread = await services.events.create(bigEvent('Bench thread'));
  const sale = await services.events.create(bigEvent('Bench sale'));
  for (let i = 1; i <= COMMENT_COUNT; i++) {
    await services.comments.post(author, { eventId: thread.id, body: `Bench comment number ${i}, long enough to look like a real one.` });
  }
  return { threadEventId: thread.id, saleEventId: sale.id };
}

/** Tickets sold so far for the sale event. */
export async function ticketsSold(services: Services, ids: SeedIds): Promise<number> {
  const event = await services.events.get(ids.saleEventId);
  if (!event) throw new Error('the sale event is gone');
  return event.capacity - event.ticketsAvailable;
}
