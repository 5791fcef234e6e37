import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { BuyTicketDocument, CommentsDocument, MyPurchasesDocument, PostCommentDocument } from '../generated/graphql';
import { createEvent, newKey, ticketsLeft } from '../helpers/fixtures';
import { startTestApp, uniqueUser } from '../helpers/test-app';

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
});
