import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { BuyTicketDocument, CommentsDocument, MyPurchasesDocument, PostCommentDocument } from '../generated/graphql';
import { createEvent, newKey, ticketsLeft } from '../helpers/fixtures';
import { startTestApp, uniqueUser } from '../helpers/test-app';
import { onlyError } from '../helpers/client';

describe('the embedded store across a restart', () => {
  it('a purchase, the inventory and a comment are still there after the server restarts on the same DATA_DIR', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'flowguard-restart-'));
    const buyer = uniqueUser();
    try {
      const first = await startTestApp({ dataDir });
      const event = await createEvent(first.client, { capacity: 10 });
      const bought = await first.client.request(BuyTicketDocument, { input: { eventId: event.id, quantity: 2, idempotencyKey: newKey() } }, { as: buyer });
      await first.client.request(PostCommentDocument, { input: { eventId: event.id, body: 'still here?' } }, { as: buyer });
      await first.stop();

      const second = await startTestApp({ dataDir });
      try {
        const purchases = await second.client.request(MyPurchasesDocument, {}, { as: buyer });
        assert.deepEqual(purchases.data!.myPurchases.edges.map((edge) => edge.node.id), [bought.data!.buyTicket.id]);
        assert.equal(await ticketsLeft(second.client, event.id), 8);
        const comments = await second.client.request(CommentsDocument, { eventId: event.id });
        assert.deepEqual(comments.data!.comments.edges.map((edge) => edge.node.body), ['still here?']);
      } finally {
        await second.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('a purchase cut off by a crash does not hold its key, tickets or allowance: after the restart the retry goes through', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'flowguard-crash-'));
    const buyer = uniqueUser();
    try {
      const first = await startTestApp({ dataDir, env: { IDEMPOTENCY_WAIT_MS: '100' } });
      const event = await createEvent(first.client, { capacity: 10, maxTicketsPerUser: 5 });
      await first.client.request(BuyTicketDocument, { input: { eventId: event.id, quantity: 2, idempotencyKey: newKey() } }, { as: buyer });
      // The first steps of a purchase of 3, as a process that died before completing it leaves them.
      const account = await first.app.store.accounts.findByUsername(buyer);
      const key = newKey();
      await first.app.store.purchases.claim({ id: randomUUID(), userId: account!.id, eventId: event.id, quantity: 3, totalCents: null, idempotencyKey: key, status: 'pending', createdAt: new Date() });
      await first.app.store.allowances.reserve(account!.id, event.id, 3, 5);
      await first.app.store.events.takeTickets(event.id, 3);
      const retry = () => first.client.request(BuyTicketDocument, { input: { eventId: event.id, quantity: 3, idempotencyKey: key } }, { as: buyer });
      assert.equal(onlyError(await retry()).extensions?.code, 'IDEMPOTENCY_IN_PROGRESS');
      assert.equal(await ticketsLeft(first.client, event.id), 5);
      await first.stop();

      const second = await startTestApp({ dataDir });
      try {
        assert.equal(await ticketsLeft(second.client, event.id), 8, 'the cut-off purchase gave its tickets back');
        const again = await second.client.request(BuyTicketDocument, { input: { eventId: event.id, quantity: 3, idempotencyKey: key } }, { as: buyer });
        assert.equal(again.errors, undefined, JSON.stringify(again.errors));
        assert.equal(again.data!.buyTicket.quantity, 3);
        assert.equal(await ticketsLeft(second.client, event.id), 5);
        // The allowance counts 2 + 3 of 5: one more ticket is over it.
        const over = await second.client.request(BuyTicketDocument, { input: { eventId: event.id, quantity: 1, idempotencyKey: newKey() } }, { as: buyer });
        assert.equal(onlyError(over).extensions?.code, 'PURCHASE_LIMIT_EXCEEDED');
      } finally {
        await second.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
