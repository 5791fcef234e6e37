// Identical data for every server: a thread of 100 comments, an event to buy tickets for whose
// capacity and per-user cap no benchmark run can reach, and signed-in buyers (real access tokens).
import { randomUUID } from 'node:crypto';
import { userPrincipal } from '../src/context/principal';
import type { AccountRecord, Store } from '../src/repositories/ports';
import type { Services } from '../src/services';
import type { NewEventInput } from '../src/services/events';

export const CAPACITY = 10_000_000;
export const COMMENT_COUNT = 100;

/** Enough buyers that no per-user cap or per-user contention shapes the result. */
export const BUYERS = 1000;

export interface SeedIds {
  threadEventId: string;
  saleEventId: string;
  /** One access token per buyer, issued by this server's session service. */
  buyerTokens: string[];
  /** A READ-scoped API key of the first buyer. */
  readerApiKey: string;
}

function bigEvent(name: string): NewEventInput {
  const startsAt = new Date(Date.now() + 30 * 24 * 3600 * 1000);
  return { name, venue: 'Bench Hall', startsAt, capacity: CAPACITY, priceCents: 2500, maxTicketsPerUser: 1_000_000 };
}

/** Accounts inserted directly (no password: the bench measures buying, not bcrypt), then signed in. */
async function signedInAccount(store: Store, services: Services, username: string): Promise<{ account: AccountRecord; token: string }> {
  const account: AccountRecord = { id: randomUUID(), username, roles: ['USER'], passwordHash: null, createdAt: new Date() };
  if (!(await store.accounts.insert(account))) throw new Error(`could not create ${username}`);
  return { account, token: (await services.sessions.start(account)).accessToken };
}

export async function seed(store: Store, services: Services): Promise<SeedIds> {
  const author = userPrincipal((await signedInAccount(store, services, 'bench-author')).account);
  const thread = await services.events.create(bigEvent('Bench thread'));
  const sale = await services.events.create(bigEvent('Bench sale'));
  const seeding = { requestId: 'bench-seed', clientAddress: '127.0.0.1' };
  for (let i = 1; i <= COMMENT_COUNT; i++) {
    await services.comments.post(author, { eventId: thread.id, body: `Bench comment number ${i}, long enough to look like a real one.` }, seeding);
  }
  const buyerTokens: string[] = [];
  let first: AccountRecord | undefined;
  for (let i = 0; i < BUYERS; i++) {
    const buyer = await signedInAccount(store, services, `bench-buyer-${i}`);
    first ??= buyer.account;
    buyerTokens.push(buyer.token);
  }
  const key = await services.apiKeys.create(userPrincipal(first!), { name: 'bench', scopes: ['READ'] }, seeding);
  return { threadEventId: thread.id, saleEventId: sale.id, buyerTokens, readerApiKey: key.secret };
}

/** Tickets sold so far for the sale event. */
export async function ticketsSold(services: Services, ids: SeedIds): Promise<number> {
  const event = await services.events.get(ids.saleEventId);
  if (!event) throw new Error('the sale event is gone');
  return event.capacity - event.ticketsAvailable;
}
