// Demo events for a fresh development store, so `npm start` shows something to query at once.
import type { NewEventInput } from './events';
import type { Services } from '.';

const DAY = 24 * 60 * 60 * 1000;

function demoEvents(now: Date): NewEventInput[] {
  const at = (days: number, hour: number) => new Date(Math.floor(now.getTime() / DAY) * DAY + days * DAY + hour * 3600_000);
  return [
    { name: 'Midnight Jazz Quartet', venue: 'Blue Room, Lisbon', startsAt: at(7, 21), capacity: 120, priceCents: 3500, maxTicketsPerUser: 4 },
    { name: 'GraphQL Security Summit', venue: 'Congress Hall, Berlin', startsAt: at(14, 9), capacity: 800, priceCents: 24900, maxTicketsPerUser: 2 },
    { name: 'Indie Film Night', venue: 'Cinema Paradiso, Turin', startsAt: at(3, 20), capacity: 60, priceCents: 1200 },
    { name: 'Stadium Rock Tour', venue: 'Olympic Stadium, Athens', startsAt: at(30, 19), capacity: 40000, priceCents: 8900, maxTicketsPerUser: 6 },
    { name: 'Chamber Music Matinee', venue: 'Concertgebouw, Amsterdam', startsAt: at(10, 15), capacity: 200, priceCents: 4200 },
    { name: 'Street Food Festival', venue: 'Harbour Front, Copenhagen', startsAt: at(21, 12), capacity: 5000, priceCents: 0, maxTicketsPerUser: 10 },
  ];
}

/** Seeds the demo events when the store has no events; returns how many were created. */
export async function seedDemoEvents(services: Services, storeIsEmpty: boolean, now = new Date()): Promise<number> {
  if (!storeIsEmpty) return 0;
  const events = demoEvents(now);
  for (const event of events) await services.events.create(event);
  return events.length;
}
