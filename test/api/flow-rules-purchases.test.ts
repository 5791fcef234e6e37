import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BuyTicketDocument, MyPurchasesDocument } from '../generated/graphql';
import { onlyError, type GraphQLResult } from '../helpers/client';
import { auditEvents, detailOf, uniqueAddress } from '../helpers/audit';
import { createEvent, newKey, ticketsLeft } from '../helpers/fixtures';
import { startTestApp, uniqueUser, type TestApp } from '../helpers/test-app';

const CAP = 6;

describe('flow rule: tickets per client address per event', () => {
  let t: TestApp;
  before(async () => {
    // TRUST_PROXY=1 so each test buys from its own address (X-Forwarded-For from the test client);
    // no step-up here (flow-rules-step-up.test.ts), so orders of up to the cap need no code.
    t = await startTestApp({ env: { TRUST_PROXY: '1', TICKETS_PER_ADDRESS_PER_EVENT: String(CAP), STEP_UP_TICKET_THRESHOLD: '10' } });
  });
  after(() => t.stop());

  const buy = (as: string, address: string, eventId: string, quantity: number, idempotencyKey = newKey()) =>
    t.client.request(BuyTicketDocument, { input: { eventId, quantity, idempotencyKey } }, { as, headers: { 'x-forwarded-for': address } });
  const codeOf = (result: GraphQLResult<unknown>) => result.errors?.[0]?.extensions?.code;
  const purchasesOf = async (buyer: string) => (await t.client.request(MyPurchasesDocument, {}, { as: buyer })).data!.myPurchases.edges.length;

  it('when fifty accounts from one address buy the same event, exactly the cap is sold and the rest is refused and audited', async () => {
    const event = await createEvent(t.client, { capacity: 100 });
    const address = uniqueAddress();
    const buyers = Array.from({ length: 50 }, () => uniqueUser('farm'));
    await Promise.all(buyers.map((buyer) => t.client.tokenFor(buyer)));

    const results = await Promise.all(buyers.map((buyer) => buy(buyer, address, event.id, 1)));

    assert.equal(results.filter((r) => r.data?.buyTicket).length, CAP);
    const refused = results.filter((r) => codeOf(r) === 'PURCHASE_LIMIT_EXCEEDED');
    assert.equal(refused.length, 50 - CAP);
    for (const r of refused) {
      assert.equal(onlyError(r).extensions?.limit, 'perAddress');
      assert.ok(Number(onlyError(r).extensions?.retryAfter) > 0);
    }
    assert.equal(await ticketsLeft(t.client, event.id), 100 - CAP);
    const refusedBuyer = buyers[results.indexOf(refused[0])];
    assert.equal(await purchasesOf(refusedBuyer), 0, 'a refused buyer has no purchase');

    const audited = await auditEvents(t.client, { clientAddress: address, flow: 'buyTicket' });
    assert.equal(audited.filter((e) => e.outcome === 'SUCCESS').length, CAP);
    const refusals = audited.filter((e) => e.outcome === 'REFUSED');
    assert.equal(refusals.length, 50 - CAP);
    for (const e of refusals) assert.deepEqual([e.code, detailOf(e, 'rule'), detailOf(e, 'eventId')], ['PURCHASE_LIMIT_EXCEEDED', 'perAddressCap', event.id]);
  });

  it('another address, and another event from the same address, each have their own cap', async () => {
    const [event, other] = [await createEvent(t.client), await createEvent(t.client)];
    const address = uniqueAddress();
    assert.equal((await buy(uniqueUser(), address, event.id, CAP)).errors, undefined);
    assert.equal(codeOf(await buy(uniqueUser(), address, event.id, 1)), 'PURCHASE_LIMIT_EXCEEDED');
    assert.equal((await buy(uniqueUser(), uniqueAddress(), event.id, 1)).errors, undefined);
    assert.equal((await buy(uniqueUser(), address, other.id, 1)).errors, undefined);
  });

  it('addresses of one IPv6 /64 share one cap', async () => {
    const event = await createEvent(t.client);
    const prefix = uniqueAddress().split('::')[0];
    assert.equal((await buy(uniqueUser(), `${prefix}::1`, event.id, CAP)).errors, undefined);
    assert.equal(codeOf(await buy(uniqueUser(), `${prefix}:ffff:ffff:ffff:2`, event.id, 1)), 'PURCHASE_LIMIT_EXCEEDED');
  });

  it('an order refused by a later rule (per-user cap, sold out) gives its tickets back to the address', async () => {
    const event = await createEvent(t.client, { capacity: 7, maxTicketsPerUser: 2 });
    const address = uniqueAddress();
    const greedy = uniqueUser();
    assert.equal((await buy(greedy, address, event.id, 2)).errors, undefined); // address: 2
    assert.equal(onlyError(await buy(greedy, address, event.id, 1)).extensions?.limit, 'perUser'); // given back: 2
    assert.equal((await buy(uniqueUser(), address, event.id, 2)).errors, undefined); // 4
    assert.equal((await buy(uniqueUser(), uniqueAddress(), event.id, 2)).errors, undefined); // 1 ticket left
    assert.equal(codeOf(await buy(uniqueUser(), address, event.id, 2)), 'SOLD_OUT'); // given back: 4
    assert.equal((await buy(uniqueUser(), address, event.id, 1)).errors, undefined); // 5
    assert.equal(await ticketsLeft(t.client, event.id), 0);
  });

  it('replays of a completed purchase do not count again', async () => {
    const event = await createEvent(t.client, { capacity: 50 });
    const [address, buyer, key] = [uniqueAddress(), uniqueUser(), newKey()];
    const first = await buy(buyer, address, event.id, 3, key);
    const replays = await Promise.all(Array.from({ length: 5 }, () => buy(buyer, address, event.id, 3, key)));
    for (const replay of replays) assert.equal(replay.data?.buyTicket.id, first.data!.buyTicket.id);
    assert.equal((await buy(uniqueUser(), address, event.id, CAP - 3)).errors, undefined, 'the replays took nothing from the cap');
    assert.equal(codeOf(await buy(uniqueUser(), address, event.id, 1)), 'PURCHASE_LIMIT_EXCEEDED');
    assert.equal(await ticketsLeft(t.client, event.id), 50 - CAP);
    const audited = await auditEvents(t.client, { clientAddress: address, flow: 'buyTicket', outcome: 'SUCCESS' });
    assert.equal(audited.filter((e) => detailOf(e, 'replay') === 'true').length, 5, 'each replay is audited as one');
  });
});
