import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BuyTicketDocument, MyPurchasesDocument } from '../generated/graphql';
import { onlyError } from '../helpers/client';
import { createEvent, newKey } from '../helpers/fixtures';
import { startTestApp, uniqueUser, type TestApp } from '../helpers/test-app';

describe('myPurchases over HTTP', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
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
