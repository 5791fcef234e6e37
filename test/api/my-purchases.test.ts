import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BuyTicketDocument, MyPurchasesDocument } from '../generated/graphql';
import { onlyError } from '../helpers/client';
import { createEvent, newKey } from '../helpers/fixtures';
import { startTestApp, uniqueUser, type TestApp } from '../helpers/test-app';

describe('myPurchases over HTTP', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { STEP_UP_TICKET_THRESHOLD: '10' } }); // these tests buy a handful of tickets without a code
  });
  after(() => t.stop());

  it('lists only the caller\'s own purchases, newest first, page by page', async () => {
    const event = await createEvent(t.client, { capacity: 100, maxTicketsPerUser: 10 });
    const [buyer, other] = [uniqueUser(), uniqueUser()];
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const result = await t.client.request(BuyTicketDocument, { input: { eventId: event.id, quantity: 1, idempotencyKey: newKey() } }, { as: buyer });
      ids.push(result.data!.buyTicket.id);
    }
    await t.client.request(BuyTicketDocument, { input: { eventId: event.id, quantity: 1, idempotencyKey: newKey() } }, { as: other });

    const seen: string[] = [];
    let after: string | null | undefined;
    do {
      const page = await t.client.request(MyPurchasesDocument, { first: 2, after }, { as: buyer });
      seen.push(...page.data!.myPurchases.edges.map((edge) => edge.node.id));
      after = page.data!.myPurchases.pageInfo.hasNextPage ? page.data!.myPurchases.pageInfo.endCursor : null;
    } while (after);
    assert.deepEqual(seen, [...ids].reverse());
  });

  it("a page's events come from one store query, each purchase with its own event", async () => {
    const events = [await createEvent(t.client, { name: 'Gig A' }), await createEvent(t.client, { name: 'Gig B' }), await createEvent(t.client, { name: 'Gig C' })];
    const buyer = uniqueUser();
    const bought: Array<{ id: string; eventId: string }> = [];
    for (let i = 0; i < 7; i += 1) {
      const eventId = events[i % 3].id;
      const result = await t.client.request(BuyTicketDocument, { input: { eventId, quantity: 1, idempotencyKey: newKey() } }, { as: buyer });
      bought.push({ id: result.data!.buyTicket.id, eventId });
    }
    // Count the store's event lookups while the page is read (the repository is shared by reference).
    const repository = t.app.store.events;
    const calls = { findById: 0, findByIds: [] as number[] };
    const [findById, findByIds] = [repository.findById, repository.findByIds];
    repository.findById = (id) => (calls.findById++, findById.call(repository, id));
    repository.findByIds = (ids) => (calls.findByIds.push(ids.length), findByIds.call(repository, ids));
    try {
      const page = await t.client.request(MyPurchasesDocument, { first: 10 }, { as: buyer });
      assert.equal(page.errors, undefined, JSON.stringify(page.errors));
      const seen = page.data!.myPurchases.edges.map((edge) => ({ id: edge.node.id, eventId: edge.node.event.id, name: edge.node.event.name }));
      const nameOf = new Map(events.map((event) => [event.id, event.name]));
      assert.deepEqual(seen, [...bought].reverse().map((purchase) => ({ ...purchase, name: nameOf.get(purchase.eventId) })));
      assert.deepEqual(calls, { findById: 0, findByIds: [3] });
    } finally {
      Object.assign(repository, { findById, findByIds });
    }
  });

  it('two purchases in one mutation each see the tickets left after them (nothing loaded is reused)', async () => {
    const event = await createEvent(t.client, { capacity: 100, maxTicketsPerUser: 10 });
    const query = `mutation Two($e: ID!, $k1: String!, $k2: String!) {
      first: buyTicket(input: { eventId: $e, quantity: 2, idempotencyKey: $k1 }) { quantity event { ticketsAvailable } }
      second: buyTicket(input: { eventId: $e, quantity: 3, idempotencyKey: $k2 }) { quantity event { ticketsAvailable } }
    }`;
    type Bought = { quantity: number; event: { ticketsAvailable: number } };
    const result = await t.client.post<{ first: Bought; second: Bought }>({ query, variables: { e: event.id, k1: newKey(), k2: newKey() } }, { as: uniqueUser() });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    assert.deepEqual([result.data!.first.event.ticketsAvailable, result.data!.second.event.ticketsAvailable], [98, 95]);
  });

  it('is UNAUTHENTICATED for an anonymous caller', async () => {
    const result = await t.client.request(MyPurchasesDocument, {});
    assert.equal(onlyError(result).extensions?.code, 'UNAUTHENTICATED');
  });

  it('refuses a page size over the maximum and a forged cursor with BAD_USER_INPUT', async () => {
    const buyer = uniqueUser();
    const tooMany = onlyError(await t.client.request(MyPurchasesDocument, { first: 101 }, { as: buyer }));
    assert.deepEqual([tooMany.extensions?.code, tooMany.extensions?.field], ['BAD_USER_INPUT', 'first']);
    const forged = onlyError(await t.client.request(MyPurchasesDocument, { after: 'eyJub3QiOiJhIGN1cnNvciJ9' }, { as: buyer }));
    assert.deepEqual([forged.extensions?.code, forged.extensions?.field], ['BAD_USER_INPUT', 'after']);
  });
});
