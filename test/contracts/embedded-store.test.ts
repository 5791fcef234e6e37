import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { spawn, spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DataDirInUseError, openEmbeddedStore } from '../../src/repositories/embedded';
import { LOCK_FILE } from '../../src/repositories/embedded/data-dir-lock';
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

  it('when purchases were cut off by a crash, then reopening removes their claims and recomputes tickets and allowances from completed purchases', async () => {
    const { dataDir, store, cleanup } = await openInTempDir();
    const [ann, bob] = [randomUUID(), randomUUID()];
    const event: EventRecord = {
      id: randomUUID(), name: 'Crash', venue: 'Hall C', startsAt: new Date(Date.UTC(2031, 5, 1)),
      capacity: 10, ticketsAvailable: 10, priceCents: 500, maxTicketsPerUser: 5, createdAt: new Date(),
    };
    const other: EventRecord = { ...event, id: randomUUID(), name: 'Untouched' };
    const pending = (userId: string, eventId: string, quantity: number): PurchaseRecord => ({
      id: randomUUID(), userId, eventId, quantity, totalCents: null, idempotencyKey: randomUUID(), status: 'pending', createdAt: new Date(),
    });
    const done = pending(ann, event.id, 2); // completed: every step ran
    const cutAfterTaking = pending(ann, event.id, 3); // claimed, reserved, took tickets, then the crash
    const cutAfterClaiming = pending(bob, event.id, 1); // claimed, then the crash
    const otherDone = pending(bob, other.id, 4);
    const reports: unknown[] = [];
    try {
      await store.events.insert(event);
      await store.events.insert(other);
      for (const purchase of [done, cutAfterTaking, otherDone]) {
        await store.purchases.claim(purchase);
        assert.equal(await store.allowances.reserve(purchase.userId, purchase.eventId, purchase.quantity, 5), true);
        assert.ok(await store.events.takeTickets(purchase.eventId, purchase.quantity));
      }
      await store.purchases.complete(done.id, 1000);
      await store.purchases.complete(otherDone.id, 2000);
      await store.purchases.claim(cutAfterClaiming);
      await store.close(); // the claims stay pending: nothing completes them, as after a crash

      const reopened = await openEmbeddedStore({ dataDir, onRecovered: (recovered) => reports.push(recovered) });
      try {
        assert.deepEqual(reports, [{ claims: 2, events: 1, allowances: 1 }]); // bob has no allowance document for `event`
        assert.equal((await reopened.events.findById(event.id))?.ticketsAvailable, 8);
        assert.equal((await reopened.events.findById(other.id))?.ticketsAvailable, 6);
        assert.equal(await reopened.allowances.used(ann, event.id), 2);
        assert.equal(await reopened.allowances.used(bob, event.id), 0);
        assert.equal(await reopened.allowances.used(bob, other.id), 4);
        assert.equal(await reopened.purchases.findByIdempotencyKey(ann, cutAfterTaking.idempotencyKey), null);
        assert.equal(await reopened.purchases.findByIdempotencyKey(bob, cutAfterClaiming.idempotencyKey), null);
        assert.equal((await reopened.purchases.findByIdempotencyKey(ann, done.idempotencyKey))?.status, 'completed');
        // The client's retry with the same key now goes through.
        assert.equal((await reopened.purchases.claim(cutAfterTaking)).claimed, true);
      } finally {
        await reopened.close();
      }
      // The retry's own claim is now the one interrupted; a store with nothing interrupted reports nothing.
      const third = await openEmbeddedStore({ dataDir, onRecovered: (recovered) => reports.push(recovered) });
      await third.close();
      assert.deepEqual(reports.slice(1), [{ claims: 1, events: 1, allowances: 1 }]);
      const fourth = await openEmbeddedStore({ dataDir, onRecovered: (recovered) => reports.push(recovered) });
      try {
        assert.equal(reports.length, 2);
        assert.equal((await fourth.events.findById(event.id))?.ticketsAvailable, 8);
      } finally {
        await fourth.close();
      }
    } finally {
      await cleanup();
    }
  });

  it('when another live process holds the data directory, then opening it is refused with a clear error; a lock left by a dead process is taken over and released on close', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'flowguard-lock-'));
    const lock = path.join(dataDir, LOCK_FILE);
    try {
      await writeFile(lock, String(process.ppid)); // the test runner: alive, and not us
      await assert.rejects(openEmbeddedStore({ dataDir }), (error: Error) => error instanceof DataDirInUseError && error.message.includes(`in use by process ${process.ppid}`));
      assert.equal(await readFile(lock, 'utf8'), String(process.ppid), 'the holder keeps its lock');

      const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
      await writeFile(lock, gone.stdout); // a process that has exited, as after a crash
      const store = await openEmbeddedStore({ dataDir });
      assert.equal(await readFile(lock, 'utf8'), String(process.pid));
      await store.close();
      await assert.rejects(access(lock), 'closing removes the lock');
      await (await openEmbeddedStore({ dataDir })).close(); // and the directory opens again
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('when this process already holds the data directory, then a second open is refused, and closing the first frees it', async () => {
    const { dataDir, store, cleanup } = await openInTempDir();
    try {
      await assert.rejects(openEmbeddedStore({ dataDir }), (error: Error) => error instanceof DataDirInUseError && error.message.includes('in use by this process'));
      assert.equal(await readFile(path.join(dataDir, LOCK_FILE), 'utf8'), String(process.pid), 'the refused open left the lock alone');
      await store.close();
      await (await openEmbeddedStore({ dataDir })).close();
    } finally {
      await cleanup();
    }
  });

  it('when four processes race for one data directory (fresh, or with a dead holder\'s lock), then exactly one gets it each time', async () => {
    const lockModule = path.resolve(__dirname, '../../src/repositories/embedded/data-dir-lock.js');
    // Each child waits for the same start time, tries the lock, and holds what it got until the others answered.
    const child = `const { lockDataDir } = require(${JSON.stringify(lockModule)});
      setTimeout(() => lockDataDir(process.argv[1]).then(() => { process.stdout.write('LOCKED'); setTimeout(() => {}, 800); }, (e) => process.stdout.write(e.name)), Number(process.argv[2]) - Date.now());`;
    for (const stale of [false, true, true, true]) {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'flowguard-lock-race-'));
      try {
        if (stale) await writeFile(path.join(dataDir, LOCK_FILE), spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
        const start = String(Date.now() + 300);
        const outcomes = await Promise.all([0, 1, 2, 3].map(() => new Promise<string>((resolve) => {
          const racer = spawn(process.execPath, ['-e', child, dataDir, start]);
          let out = '';
          racer.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
          racer.on('exit', () => resolve(out));
        })));
        assert.deepEqual(outcomes.sort(), ['DataDirInUseError', 'DataDirInUseError', 'DataDirInUseError', 'LOCKED'], `stale: ${stale}`);
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    }
  });
});
