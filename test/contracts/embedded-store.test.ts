import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openEmbeddedStore } from '../../src/repositories/embedded';
import type { EventRecord, PurchaseRecord } from '../../src/repositories/ports';
import { describeIdentityContract } from './identity-contract';
import { describeStoreContract } from './store-contract';

async function openInTempDir() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'flowguard-embedded-'));
  const store = await openEmbeddedStore({ dataDir });
  const cleanup = async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  return { dataDir, store, cleanup };
}

describeStoreContract('embedded', openInTempDir);
describeIdentityContract('embedded', openInTempDir);

describe('embedded store on disk', () => {
  it('keeps records, counters and unique keys across a restart', async () => {
    const { dataDir, store, cleanup } = await openInTempDir();
    const [userId, username] = [randomUUID(), `u-${randomUUID()}`];
    const event: EventRecord = {
      id: randomUUID(),
      name: 'Reopened',
      venue: 'Hall B',
      startsAt: new Date(Date.UTC(2031, 5, 1)),
      capacity: 10,
      ticketsAvailable: 10,
      priceCents: 1000,
      maxTicketsPerUser: 4,
      createdAt: new Date(),
    };
    const purchase: PurchaseRecord = {
      id: randomUUID(),
      userId,
      eventId: event.id,
      quantity: 3,
      totalCents: null,
      idempotencyKey: randomUUID(),
      status: 'pending',
      createdAt: new Date(),
    };
    const account = (id: string) => ({ id, username, roles: [], passwordHash: null, createdAt: new Date() });
    try {
      await store.events.insert(event);
      await store.accounts.insert(account(userId));
      await store.purchases.claim(purchase);
      await store.allowances.reserve(userId, event.id, 3, 4);
      // Not awaited: close must let queued writes finish before it resolves.
      let lastWritesDone = false;
      const lastWrites = Promise.all([
        store.events.takeTickets(event.id, 3),
        store.purchases.complete(purchase.id, 3000),
      ]).then(() => (lastWritesDone = true));
      await store.close();
      assert.equal(lastWritesDone, true, 'close resolved before the queued writes finished');
      await lastWrites;

      const reopened = await openEmbeddedStore({ dataDir });
      try {
        assert.deepEqual(await reopened.events.findById(event.id), { ...event, ticketsAvailable: 7 });
        assert.equal(await reopened.events.count(), 1);
        assert.equal(await reopened.allowances.used(userId, event.id), 3);
        assert.equal(await reopened.allowances.reserve(userId, event.id, 2, 4), false);
        const { items } = await reopened.purchases.listByUser(userId, { first: 5 });
        assert.deepEqual(items, [{ ...purchase, status: 'completed', totalCents: 3000 }]);
        assert.equal((await reopened.purchases.claim({ ...purchase, id: randomUUID() })).claimed, false);
        assert.equal(await reopened.accounts.insert(account(randomUUID())), false);
      } finally {
        await reopened.close();
      }
    } finally {
      await cleanup();
    }
  });
});
