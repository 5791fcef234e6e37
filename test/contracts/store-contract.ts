// The storage contract: every Store implementation runs this same suite (see embedded-store.test.ts).
// Tests share one store and never assume it is empty: each one makes its own ids, users and events.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { AccountRecord, CommentRecord, EventRecord, PageCursor, PurchaseRecord, Store } from '../../src/repositories/ports';
import { allPages, byTimeThenId, tiedTimes } from './ordering';

/** Opens a ready store; `cleanup` closes it (also when already closed) and removes its data. */
export type OpenStore = () => Promise<{ store: Store; cleanup: () => Promise<void> }>;

const T0 = Date.UTC(2030, 0, 1);

function anEvent(overrides: Partial<EventRecord> = {}): EventRecord {
  return {
    id: randomUUID(),
    name: 'Contract night',
    venue: 'Hall A',
    startsAt: new Date(T0),
    capacity: 60,
    ticketsAvailable: 60,
    priceCents: 2500,
    maxTicketsPerUser: 6,
    createdAt: new Date(T0 - 86_400_000),
    ...overrides,
  };
}

function aPurchase(overrides: Partial<PurchaseRecord> = {}): PurchaseRecord {
  return {
    id: randomUUID(),
    userId: randomUUID(),
    eventId: randomUUID(),
    quantity: 2,
    totalCents: null,
    idempotencyKey: randomUUID(),
    status: 'pending',
    createdAt: new Date(T0),
    ...overrides,
  };
}

function aComment(overrides: Partial<CommentRecord> = {}): CommentRecord {
  return {
    id: randomUUID(),
    eventId: randomUUID(),
    authorId: randomUUID(),
    authorUsername: 'ada',
    body: 'See you there',
    createdAt: new Date(T0),
    ...overrides,
  };
}

function anAccount(overrides: Partial<AccountRecord> = {}): AccountRecord {
  return {
    id: randomUUID(),
    username: `user-${randomUUID()}`,
    roles: ['USER'],
    passwordHash: '$2b$10$abcdefghijklmnopqrstuv',
    createdAt: new Date(T0),
    ...overrides,
  };
}

/** The ids of items, in order. */
const ids = (items: { id: string }[]) => items.map((item) => item.id);

export function describeStoreContract(name: string, openStore: OpenStore): void {
  describe(`${name} store contract`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;

    before(async () => {
      ({ store, cleanup } = await openStore());
    });
    after(async () => {
      await cleanup();
    });

    describe('events', () => {
      it('returns an inserted event unchanged, with Dates still Dates', async () => {
        const event = anEvent();
        await store.events.insert(event);
        const found = await store.events.findById(event.id);
        assert.deepEqual(found, event);
        assert.ok(found?.startsAt instanceof Date && found.createdAt instanceof Date);
      });

      it('returns null for an unknown id', async () => {
        assert.equal(await store.events.findById(randomUUID()), null);
      });

      it('finds several by id in one call, leaving out unknown ids and repeats', async () => {
        const [a, b] = [anEvent(), anEvent()];
        await store.events.insert(a);
        await store.events.insert(b);
        const found = await store.events.findByIds([b.id, randomUUID(), a.id, b.id]);
        assert.deepEqual([...found].sort((x, y) => x.id.localeCompare(y.id)), [a, b].sort((x, y) => x.id.localeCompare(y.id)));
        assert.deepEqual(await store.events.findByIds([]), []);
        assert.deepEqual(await store.events.findByIds([randomUUID()]), []);
      });

      it('keeps its own copy: mutating inserted or returned records does not change the store', async () => {
        const event = anEvent();
        await store.events.insert(event);
        event.startsAt.setTime(0);
        const found = await store.events.findById(event.id);
        found?.startsAt.setTime(1);
        assert.equal((await store.events.findById(event.id))?.startsAt.getTime(), T0);
      });

      it('counts every inserted event', async () => {
        const before = await store.events.count();
        await store.events.insert(anEvent());
        await store.events.insert(anEvent());
        assert.equal(await store.events.count(), before + 2);
      });

      it('lists by startsAt then id, ascending, from the first page', async () => {
        await store.events.insert(anEvent({ startsAt: new Date(T0 - 1) }));
        await store.events.insert(anEvent({ startsAt: new Date(T0 - 1) }));
        const page = await store.events.list({ first: 2 });
        assert.equal(page.items.length, 2);
        assert.deepEqual([...page.items].sort(byTimeThenId((e) => e.startsAt, 1)), page.items);
        assert.equal(page.hasNextPage, true);
      });

      it('pages through events with tied start times without duplicates or gaps', async () => {
        // Far in the future and random, so other events (even from earlier runs) rarely interleave.
        const base = Date.UTC(2900, 0, 1) + Math.floor(Math.random() * 1e12);
        const mine = tiedTimes(7, base, 1000).map((startsAt) => anEvent({ startsAt }));
        for (const event of [...mine].reverse()) await store.events.insert(event);
        const expected = ids([...mine].sort(byTimeThenId((e) => e.startsAt, 1)));

        const seen: EventRecord[] = [];
        let after: PageCursor = { at: base - 1, id: '' };
        const allSeen = () => expected.every((id) => seen.some((e) => e.id === id));
        for (let guard = 0; guard < 20 && !allSeen(); guard += 1) {
          const page = await store.events.list({ first: 3, after });
          seen.push(...page.items);
          if (allSeen()) break;
          assert.equal(page.items.length, 3, 'a page with more of ours after it is full');
          assert.equal(page.hasNextPage, true, 'a page with more of ours after it has a next page');
          const last = page.items[2];
          after = { at: last.startsAt.getTime(), id: last.id };
        }
        assert.deepEqual([...seen].sort(byTimeThenId((e) => e.startsAt, 1)), seen, 'strictly ordered');
        assert.equal(new Set(ids(seen)).size, seen.length, 'no duplicates');
        assert.deepEqual(ids(seen).filter((id) => expected.includes(id)), expected);
      });

      it('when 100 buyers race for 60 tickets, exactly 60 are taken', async () => {
        const event = anEvent({ capacity: 60, ticketsAvailable: 60 });
        await store.events.insert(event);
        const results = await Promise.all(Array.from({ length: 100 }, () => store.events.takeTickets(event.id, 1)));
        const taken = results.filter((r): r is EventRecord => r !== null);
        assert.equal(taken.length, 60);
        // Each winner sees the counter its own take left behind.
        assert.deepEqual(taken.map((e) => e.ticketsAvailable).sort((a, b) => a - b), [...Array(60).keys()]);
        assert.equal((await store.events.findById(event.id))?.ticketsAvailable, 0);
      });

      it('takes tickets and returns the updated event', async () => {
        const event = anEvent({ ticketsAvailable: 10, capacity: 10 });
        await store.events.insert(event);
        assert.deepEqual(await store.events.takeTickets(event.id, 4), { ...event, ticketsAvailable: 6 });
      });

      it('refuses to take more tickets than are left, changing nothing', async () => {
        const event = anEvent({ ticketsAvailable: 3, capacity: 10 });
        await store.events.insert(event);
        assert.equal(await store.events.takeTickets(event.id, 4), null);
        assert.equal((await store.events.findById(event.id))?.ticketsAvailable, 3);
        assert.equal(await store.events.takeTickets(randomUUID(), 1), null);
      });

      it('gives returned tickets back, but never above capacity', async () => {
        const event = anEvent({ ticketsAvailable: 10, capacity: 10 });
        await store.events.insert(event);
        await store.events.takeTickets(event.id, 5);
        await store.events.returnTickets(event.id, 3);
        assert.equal((await store.events.findById(event.id))?.ticketsAvailable, 8);
        await store.events.returnTickets(event.id, 5);
        assert.equal((await store.events.findById(event.id))?.ticketsAvailable, 10);
        await store.events.returnTickets(randomUUID(), 1);
      });
    });

    describe('ticket allowances', () => {
      it('when 20 parallel reservations of 1 race for an allowance of 6, exactly 6 succeed', async () => {
        const [userId, eventId] = [randomUUID(), randomUUID()];
        const results = await Promise.all(
          Array.from({ length: 20 }, () => store.allowances.reserve(userId, eventId, 1, 6)),
        );
        assert.equal(results.filter(Boolean).length, 6);
        assert.equal(await store.allowances.used(userId, eventId), 6);
      });

      it('counts reservations up to the cap and refuses the one that would pass it', async () => {
        const [userId, eventId] = [randomUUID(), randomUUID()];
        assert.equal(await store.allowances.used(userId, eventId), 0);
        assert.equal(await store.allowances.reserve(userId, eventId, 4, 6), true);
        assert.equal(await store.allowances.reserve(userId, eventId, 3, 6), false);
        assert.equal(await store.allowances.used(userId, eventId), 4);
        assert.equal(await store.allowances.reserve(userId, eventId, 2, 6), true);
        assert.equal(await store.allowances.used(userId, eventId), 6);
      });

      it('refuses a first reservation larger than the cap', async () => {
        const [userId, eventId] = [randomUUID(), randomUUID()];
        assert.equal(await store.allowances.reserve(userId, eventId, 7, 6), false);
        assert.equal(await store.allowances.used(userId, eventId), 0);
      });

      it('keeps allowances per user and per event', async () => {
        const [userId, eventId] = [randomUUID(), randomUUID()];
        await store.allowances.reserve(userId, eventId, 6, 6);
        assert.equal(await store.allowances.reserve(randomUUID(), eventId, 6, 6), true);
        assert.equal(await store.allowances.reserve(userId, randomUUID(), 6, 6), true);
      });

      it('releases reservations, never below zero', async () => {
        const [userId, eventId] = [randomUUID(), randomUUID()];
        await store.allowances.reserve(userId, eventId, 5, 6);
        await store.allowances.release(userId, eventId, 2);
        assert.equal(await store.allowances.used(userId, eventId), 3);
        await store.allowances.release(userId, eventId, 10);
        assert.equal(await store.allowances.used(userId, eventId), 0);
        assert.equal(await store.allowances.reserve(userId, eventId, 6, 6), true);
        await store.allowances.release(randomUUID(), eventId, 1);
      });
    });

    describe('purchases', () => {
      it('when 10 requests claim the same key at once, exactly one claims and the rest get its record', async () => {
        const [userId, idempotencyKey] = [randomUUID(), randomUUID()];
        const attempts = Array.from({ length: 10 }, () => aPurchase({ userId, idempotencyKey }));
        const results = await Promise.all(attempts.map((p) => store.purchases.claim(p)));
        const winners = attempts.filter((_, i) => results[i].claimed);
        assert.equal(winners.length, 1);
        for (const result of results) {
          if (!result.claimed) assert.deepEqual(result.existing, winners[0]);
        }
        assert.deepEqual(await store.purchases.findByIdempotencyKey(userId, idempotencyKey), winners[0]);
      });

      it('treats the same key of another user as a different purchase', async () => {
        const idempotencyKey = randomUUID();
        assert.deepEqual(await store.purchases.claim(aPurchase({ idempotencyKey })), { claimed: true });
        assert.deepEqual(await store.purchases.claim(aPurchase({ idempotencyKey })), { claimed: true });
      });

      it('finds nothing for an unknown key', async () => {
        assert.equal(await store.purchases.findByIdempotencyKey(randomUUID(), randomUUID()), null);
      });

      it('completes a pending purchase with its total', async () => {
        const pending = aPurchase();
        await store.purchases.claim(pending);
        const completed = { ...pending, status: 'completed' as const, totalCents: 5000 };
        assert.deepEqual(await store.purchases.complete(pending.id, 5000), completed);
        assert.deepEqual(await store.purchases.findByIdempotencyKey(pending.userId, pending.idempotencyKey), completed);
      });

      it('refuses to complete an unknown or already completed purchase', async () => {
        await assert.rejects(store.purchases.complete(randomUUID(), 100));
        const pending = aPurchase();
        await store.purchases.claim(pending);
        await store.purchases.complete(pending.id, 100);
        await assert.rejects(store.purchases.complete(pending.id, 1));
      });

      it('releases a pending purchase so its key can be claimed again', async () => {
        const pending = aPurchase();
        await store.purchases.claim(pending);
        await store.purchases.releasePending(pending.id);
        assert.equal(await store.purchases.findByIdempotencyKey(pending.userId, pending.idempotencyKey), null);
        const retry = aPurchase({ userId: pending.userId, idempotencyKey: pending.idempotencyKey });
        assert.deepEqual(await store.purchases.claim(retry), { claimed: true });
      });

      it('does not release a completed purchase', async () => {
        const pending = aPurchase();
        await store.purchases.claim(pending);
        const completed = await store.purchases.complete(pending.id, 700);
        await store.purchases.releasePending(pending.id);
        assert.deepEqual(await store.purchases.findByIdempotencyKey(pending.userId, pending.idempotencyKey), completed);
      });

      it("lists only the user's completed purchases, newest first, page by page", async () => {
        const userId = randomUUID();
        const completed: PurchaseRecord[] = [];
        for (const createdAt of tiedTimes(5, T0, 60_000)) {
          const purchase = aPurchase({ userId, createdAt });
          await store.purchases.claim(purchase);
          completed.push(await store.purchases.complete(purchase.id, 100));
        }
        await store.purchases.claim(aPurchase({ userId, createdAt: new Date(T0 + 3_600_000) }));
        const other = aPurchase({ createdAt: new Date(T0) });
        await store.purchases.claim(other);
        await store.purchases.complete(other.id, 100);

        const pages = await allPages(
          (after) => store.purchases.listByUser(userId, { first: 2, after }),
          (p) => ({ at: p.createdAt.getTime(), id: p.id }),
        );
        assert.deepEqual(pages.map((p) => [p.items.length, p.hasNextPage]), [[2, true], [2, true], [1, false]]);
        assert.deepEqual(pages.flatMap((p) => p.items), completed.sort(byTimeThenId((p) => p.createdAt, -1)));
      });

      it('lists nothing for a user without completed purchases', async () => {
        const pending = aPurchase();
        await store.purchases.claim(pending);
        assert.deepEqual(await store.purchases.listByUser(pending.userId, { first: 5 }), { items: [], hasNextPage: false });
      });
    });

    describe('comments', () => {
      it('lists one thread newest first, page by page, with ties broken by id', async () => {
        const eventId = randomUUID();
        const thread = tiedTimes(7, T0, 1000).map((createdAt) => aComment({ eventId, createdAt }));
        for (const comment of thread) await store.comments.insert(comment);
        await store.comments.insert(aComment({ createdAt: new Date(T0 + 500) }));

        const pages = await allPages(
          (after) => store.comments.listByEvent(eventId, { first: 3, after }),
          (c) => ({ at: c.createdAt.getTime(), id: c.id }),
        );
        assert.deepEqual(pages.map((p) => [p.items.length, p.hasNextPage]), [[3, true], [3, true], [1, false]]);
        assert.deepEqual(pages.flatMap((p) => p.items), thread.sort(byTimeThenId((c) => c.createdAt, -1)));
      });

      it('says there is no next page when a thread fills the page exactly', async () => {
        const eventId = randomUUID();
        for (const createdAt of tiedTimes(3, T0, 1000)) await store.comments.insert(aComment({ eventId, createdAt }));
        const page = await store.comments.listByEvent(eventId, { first: 3 });
        assert.equal(page.items.length, 3);
        assert.equal(page.hasNextPage, false);
      });

      it('lists an empty thread as an empty page', async () => {
        assert.deepEqual(await store.comments.listByEvent(randomUUID(), { first: 20 }), { items: [], hasNextPage: false });
      });
    });

    describe('accounts', () => {
      it('finds an inserted account by id and by username', async () => {
        const account = anAccount({ roles: ['USER', 'ADMIN'], passwordHash: null });
        assert.equal(await store.accounts.insert(account), true);
        assert.deepEqual(await store.accounts.findById(account.id), account);
        assert.deepEqual(await store.accounts.findByUsername(account.username), account);
      });

      it('refuses a second account with a taken username, keeping the first', async () => {
        const first = anAccount();
        await store.accounts.insert(first);
        assert.equal(await store.accounts.insert(anAccount({ username: first.username })), false);
        assert.deepEqual(await store.accounts.findByUsername(first.username), first);
      });

      it('returns null for an unknown id or username', async () => {
        assert.equal(await store.accounts.findById(randomUUID()), null);
        assert.equal(await store.accounts.findByUsername(`nobody-${randomUUID()}`), null);
      });
    });

    describe('lifecycle', () => {
      it('answers ping while open and rejects it after close', async () => {
        const own = await openStore();
        try {
          await own.store.ping();
          await own.store.close();
          await assert.rejects(own.store.ping());
        } finally {
          await own.cleanup();
        }
      });
    });
  });
}
