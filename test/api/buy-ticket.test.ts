import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openEmbeddedStore } from '../../src/repositories/embedded';
import type { Store } from '../../src/repositories/ports';
import { BuyTicketDocument, MyPurchasesDocument } from '../generated/graphql';
import { onlyError } from '../helpers/client';
import { createEvent, newKey, ticketsLeft } from '../helpers/fixtures';
import { startTestApp, uniqueUser, type TestApp } from '../helpers/test-app';

describe('buyTicket over HTTP', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.stop());

  const buy = (as: string | undefined, eventId: string, quantity: number, idempotencyKey = newKey()) =>
    t.client.request(BuyTicketDocument, { input: { eventId, quantity, idempotencyKey } }, { as });

  it('sells a ticket: the purchase is returned, priced, and the inventory goes down', async () => {
    const event = await createEvent(t.client, { capacity: 10, priceCents: 1999 });
    const result = await buy(uniqueUser(), event.id, 3);
    assert.equal(result.errors, undefined);
    assert.equal(result.data!.buyTicket.quantity, 3);
    assert.equal(result.data!.buyTicket.totalCents, 3 * 1999);
    assert.equal(result.data!.buyTicket.event.ticketsAvailable, 7);
    assert.equal(await ticketsLeft(t.client, event.id), 7);
  });

  it('when 100 buyers race for 60 tickets, exactly 60 are sold and 40 get SOLD_OUT', async () => {
    const event = await createEvent(t.client, { capacity: 60 });
    const results = await Promise.all(Array.from({ length: 100 }, () => buy(uniqueUser('crowd'), event.id, 1)));
    const sold = results.filter((r) => r.data?.buyTicket);
    const soldOut = results.filter((r) => r.errors?.[0]?.extensions?.code === 'SOLD_OUT');
    assert.equal(sold.length, 60);
    assert.equal(soldOut.length, 40);
    assert.equal(await ticketsLeft(t.client, event.id), 0);
  });

  it('when a buyer retries ten times at once with one idempotency key, one purchase is made', async () => {
    const event = await createEvent(t.client, { capacity: 50 });
    const buyer = uniqueUser();
    const key = newKey();
    const results = await Promise.all(Array.from({ length: 10 }, () => buy(buyer, event.id, 2, key)));
    for (const r of results) assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    assert.equal(new Set(results.map((r) => r.data!.buyTicket.id)).size, 1);
    assert.equal(await ticketsLeft(t.client, event.id), 48);
    const purchases = await t.client.request(MyPurchasesDocument, {}, { as: buyer });
    assert.equal(purchases.data!.myPurchases.edges.length, 1);
  });

  it('a later retry with the same key returns the original purchase without selling again', async () => {
    const event = await createEvent(t.client, { capacity: 5 });
    const buyer = uniqueUser();
    const key = newKey();
    const first = await buy(buyer, event.id, 1, key);
    const again = await buy(buyer, event.id, 1, key);
    assert.equal(again.data!.buyTicket.id, first.data!.buyTicket.id);
    assert.equal(await ticketsLeft(t.client, event.id), 4);
  });

  it('the same key with another input is IDEMPOTENCY_CONFLICT and sells nothing', async () => {
    const event = await createEvent(t.client, { capacity: 5 });
    const buyer = uniqueUser();
    const key = newKey();
    await buy(buyer, event.id, 1, key);
    const conflict = await buy(buyer, event.id, 2, key);
    assert.equal(onlyError(conflict).extensions?.code, 'IDEMPOTENCY_CONFLICT');
    assert.equal(await ticketsLeft(t.client, event.id), 4);
  });

  it('the same key from another user is a separate purchase', async () => {
    const event = await createEvent(t.client, { capacity: 5 });
    const key = newKey();
    const a = await buy(uniqueUser(), event.id, 1, key);
    const b = await buy(uniqueUser(), event.id, 1, key);
    assert.notEqual(a.data!.buyTicket.id, b.data!.buyTicket.id);
    assert.equal(await ticketsLeft(t.client, event.id), 3);
  });

  it('when one user fires 10 parallel orders against maxTicketsPerUser 4, exactly 4 tickets are sold', async () => {
    const event = await createEvent(t.client, { capacity: 100, maxTicketsPerUser: 4 });
    const buyer = uniqueUser();
    const results = await Promise.all(Array.from({ length: 10 }, () => buy(buyer, event.id, 1)));
    assert.equal(results.filter((r) => r.data?.buyTicket).length, 4);
    assert.equal(results.filter((r) => r.errors?.[0]?.extensions?.code === 'PURCHASE_LIMIT_EXCEEDED').length, 6);
    assert.equal(await ticketsLeft(t.client, event.id), 96);
  });

  it('a SOLD_OUT order frees its idempotency key and the allowance it had reserved', async () => {
    const event = await createEvent(t.client, { capacity: 3, maxTicketsPerUser: 2 });
    await buy(uniqueUser(), event.id, 2);
    const buyer = uniqueUser();
    const key = newKey();
    assert.equal(onlyError(await buy(buyer, event.id, 2, key)).extensions?.code, 'SOLD_OUT');
    // Had the key stayed claimed this would be IDEMPOTENCY_CONFLICT; had the allowance stayed
    // reserved (2 of 2) it would be PURCHASE_LIMIT_EXCEEDED.
    const retry = await buy(buyer, event.id, 1, key);
    assert.equal(retry.errors, undefined, JSON.stringify(retry.errors));
    assert.equal(await ticketsLeft(t.client, event.id), 0);
  });

  it('an anonymous caller is UNAUTHENTICATED and nothing is sold', async () => {
    const event = await createEvent(t.client, { capacity: 5 });
    assert.equal(onlyError(await buy(undefined, event.id, 1)).extensions?.code, 'UNAUTHENTICATED');
    assert.equal(await ticketsLeft(t.client, event.id), 5);
  });

  describe('bad input gets its code and changes nothing', () => {
    for (const quantity of [0, -5, 11]) {
      it(`quantity ${quantity} → BAD_USER_INPUT on quantity`, async () => {
        const event = await createEvent(t.client, { capacity: 50, maxTicketsPerUser: 20 });
        const buyer = uniqueUser();
        const error = onlyError(await buy(buyer, event.id, quantity));
        assert.deepEqual([error.extensions?.code, error.extensions?.field], ['BAD_USER_INPUT', 'quantity']);
        assert.equal(error.extensions?.stacktrace, undefined);
        assert.equal(await ticketsLeft(t.client, event.id), 50);
        const purchases = await t.client.request(MyPurchasesDocument, {}, { as: buyer });
        assert.equal(purchases.data!.myPurchases.edges.length, 0);
      });
    }

    it('an unknown event id → NOT_FOUND', async () => {
      const error = onlyError(await buy(uniqueUser(), '00000000-0000-4000-8000-000000000000', 1));
      assert.equal(error.extensions?.code, 'NOT_FOUND');
    });

    it('a malformed event id → BAD_USER_INPUT on eventId', async () => {
      const error = onlyError(await buy(uniqueUser(), "1' OR '1'='1", 1));
      assert.deepEqual([error.extensions?.code, error.extensions?.field], ['BAD_USER_INPUT', 'eventId']);
    });

    it('a string where a number belongs → HTTP 400 BAD_USER_INPUT on quantity', async () => {
      const event = await createEvent(t.client, { capacity: 5 });
      const result = await t.client.post(
        { query: 'mutation($input: BuyTicketInput!) { buyTicket(input: $input) { id } }', variables: { input: { eventId: event.id, quantity: 'two', idempotencyKey: newKey() } } },
        { as: uniqueUser() },
      );
      assert.equal(result.status, 400);
      assert.deepEqual([onlyError(result).extensions?.code, onlyError(result).extensions?.field], ['BAD_USER_INPUT', 'quantity']);
      assert.equal(await ticketsLeft(t.client, event.id), 5);
    });

    it('a malformed idempotency key → BAD_USER_INPUT on idempotencyKey', async () => {
      const event = await createEvent(t.client, { capacity: 5 });
      const error = onlyError(await buy(uniqueUser(), event.id, 1, 'short'));
      assert.deepEqual([error.extensions?.code, error.extensions?.field], ['BAD_USER_INPUT', 'idempotencyKey']);
      assert.equal(await ticketsLeft(t.client, event.id), 5);
    });
  });
});

describe('buyTicket when undoing a refused order partly fails', () => {
  it('the other steps are still undone: the key is free for a retry and the step-up count holds nothing unsold', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'flowguard-undo-'));
    const real = await openEmbeddedStore({ dataDir, compactionIntervalMs: 0 });
    let failRelease = false;
    const allowances = Object.assign(Object.create(real.allowances) as Store['allowances'], {
      release: async (...args: Parameters<Store['allowances']['release']>) => {
        if (failRelease) {
          failRelease = false;
          throw new Error('store timeout');
        }
        return real.allowances.release(...args);
      },
    });
    const t = await startTestApp({ dataDir, overrides: { store: Object.assign(Object.create(real) as Store, { allowances }) } });
    try {
      const buy = (as: string, eventId: string, quantity: number, idempotencyKey = newKey()) => t.client.request(BuyTicketDocument, { input: { eventId, quantity, idempotencyKey } }, { as });
      const event = await createEvent(t.client, { capacity: 10, maxTicketsPerUser: 10 });
      assert.equal((await buy(uniqueUser('first'), event.id, 4)).errors, undefined);
      assert.equal((await buy(uniqueUser('second'), event.id, 3)).errors, undefined);
      const buyer = uniqueUser('undo');
      const key = newKey();
      failRelease = true;
      assert.equal(onlyError(await buy(buyer, event.id, 4, key)).extensions?.code, 'SOLD_OUT', 'refused, and its allowance release failed');
      assert.equal(onlyError(await buy(buyer, event.id, 4, key)).extensions?.code, 'SOLD_OUT', 'the retry runs again (not IDEMPOTENCY_IN_PROGRESS for ever)');
      assert.equal((await buy(buyer, event.id, 1)).errors, undefined, 'the step-up count was given back (4 held tickets were never sold)');
      assert.ok(t.logs.some((line) => line.includes('undoing a failed purchase failed')), 'the failed undo is logged');
    } finally {
      await t.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
