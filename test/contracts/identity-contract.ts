// The identity storage contract (identity-ports.ts): every Store runs it (see embedded-store.test.ts).
// Like store-contract.ts, tests share one store and make their own ids; races are real parallel
// calls, because each rule must hold as ONE conditional write in the store.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { ApiKeyRecord, AuditFilter, AuditRecord, RefreshTokenRecord } from '../../src/repositories/identity-ports';
import type { Store } from '../../src/repositories/ports';
import { allPages, byTimeThenId, tiedTimes } from './ordering';
import type { OpenStore } from './store-contract';

const T0 = Date.UTC(2030, 0, 1);
const MINUTE = 60_000;
const at = (minutes: number) => new Date(T0 + minutes * MINUTE);
const times = <T>(n: number, make: () => Promise<T>) => Promise.all(Array.from({ length: n }, make));

function aToken(overrides: Partial<RefreshTokenRecord> = {}): RefreshTokenRecord {
  return {
    id: randomUUID(), userId: randomUUID(), familyId: randomUUID(), tokenHash: `rt-${randomUUID()}`,
    createdAt: at(0), expiresAt: at(60), usedAt: null, revokedAt: null, ...overrides,
  };
}

function aKey(overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  return {
    id: randomUUID(), userId: randomUUID(), name: 'ci', prefix: `fg_${randomUUID()}`, secretHash: `h-${randomUUID()}`,
    previousSecretHash: null, previousSecretExpiresAt: null, scopes: ['READ', 'TICKETS_WRITE'],
    createdAt: at(0), expiresAt: at(60 * 24), lastUsedAt: null, revokedAt: null, ...overrides,
  };
}

function anAuditEvent(overrides: Partial<AuditRecord> = {}): AuditRecord {
  return {
    id: randomUUID(), at: at(0), action: 'login', outcome: 'success', userId: randomUUID(), keyId: null, clientAddress: '203.0.113.7',
    requestId: randomUUID(), code: null, details: { keyId: 'k1', count: 2, fresh: true }, ...overrides,
  };
}

/** Newest first: time descending, then id descending in plain code-unit order (both stores' order). */
const newestFirst = <T extends { id: string }>(time: (item: T) => Date) => byTimeThenId(time, -1);

export function describeIdentityContract(name: string, openStore: OpenStore): void {
  describe(`${name} identity contract`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    before(async () => {
      ({ store, cleanup } = await openStore());
    });
    after(async () => {
      await cleanup();
    });

    /** A user with 2FA enabled at minute 1, confirmed with `step`, holding recovery codes a, b, c. */
    async function enabledUser(step = 1000): Promise<string> {
      const userId = randomUUID();
      assert.equal(await store.twoFactor.startEnrolment(userId, 'sealed-1'), true);
      assert.equal(await store.twoFactor.enable(userId, 'sealed-1', step, ['a', 'b', 'c'], at(1)), true);
      return userId;
    }

    describe('two-factor', () => {
      it('has no state before enrolment and a pending, empty one after it', async () => {
        const userId = randomUUID();
        assert.equal(await store.twoFactor.get(userId), null);
        assert.equal(await store.twoFactor.startEnrolment(userId, 'sealed-1'), true);
        assert.deepEqual(await store.twoFactor.get(userId), { secretCiphertext: 'sealed-1', enabledAt: null, lastUsedStep: 0, recoveryCodeHashes: [] });
      });

      it('restarts a pending enrolment, so enabling with the stale ciphertext fails and the new one works', async () => {
        const userId = randomUUID();
        await store.twoFactor.startEnrolment(userId, 'sealed-1');
        assert.equal(await store.twoFactor.startEnrolment(userId, 'sealed-2'), true);
        assert.equal(await store.twoFactor.enable(userId, 'sealed-1', 7, ['a'], at(1)), false);
        assert.equal((await store.twoFactor.get(userId))?.enabledAt, null);
        assert.equal(await store.twoFactor.enable(userId, 'sealed-2', 7, ['a'], at(1)), true);
        assert.deepEqual(await store.twoFactor.get(userId), { secretCiphertext: 'sealed-2', enabledAt: at(1), lastUsedStep: 7, recoveryCodeHashes: ['a'] });
      });

      it('lets two first enrolments racing both succeed, keeping one of them', async () => {
        const userId = randomUUID();
        const results = await Promise.all(['x', 'y'].map((c) => store.twoFactor.startEnrolment(userId, c)));
        assert.deepEqual(results, [true, true]);
        assert.ok(['x', 'y'].includes((await store.twoFactor.get(userId))?.secretCiphertext ?? ''));
      });

      it('refuses a new enrolment or a second enable once enabled, changing nothing', async () => {
        const userId = await enabledUser();
        const enabled = await store.twoFactor.get(userId);
        assert.equal(await store.twoFactor.startEnrolment(userId, 'sealed-evil'), false);
        assert.equal(await store.twoFactor.enable(userId, 'sealed-1', 5000, [], at(2)), false);
        assert.deepEqual(await store.twoFactor.get(userId), enabled);
      });

      it('keeps its own copy of the recovery codes and the enable time', async () => {
        const [userId, codes, when] = [randomUUID(), ['a', 'b'], at(1)];
        await store.twoFactor.startEnrolment(userId, 'sealed-1');
        await store.twoFactor.enable(userId, 'sealed-1', 7, codes, when);
        codes.push('injected');
        when.setTime(0);
        (await store.twoFactor.get(userId))?.recoveryCodeHashes.push('injected');
        assert.deepEqual(await store.twoFactor.get(userId), { secretCiphertext: 'sealed-1', enabledAt: at(1), lastUsedStep: 7, recoveryCodeHashes: ['a', 'b'] });
      });

      it('accepts a TOTP step once: of 10 parallel uses exactly one wins, then only newer steps pass', async () => {
        const userId = await enabledUser(1000);
        const results = await times(10, () => store.twoFactor.useStep(userId, 1001));
        assert.equal(results.filter(Boolean).length, 1);
        assert.equal(await store.twoFactor.useStep(userId, 1001), false, 'the same step again');
        assert.equal(await store.twoFactor.useStep(userId, 1000), false, 'the confirming step');
        assert.equal(await store.twoFactor.useStep(userId, 999), false, 'an older step');
        assert.equal(await store.twoFactor.useStep(userId, 1003), true, 'a newer step');
        assert.equal((await store.twoFactor.get(userId))?.lastUsedStep, 1003);
      });

      it('accepts no step before 2FA is enabled', async () => {
        const userId = randomUUID();
        assert.equal(await store.twoFactor.useStep(userId, 1), false, 'no state');
        await store.twoFactor.startEnrolment(userId, 'sealed-1');
        assert.equal(await store.twoFactor.useStep(userId, 1e9), false, 'pending');
        assert.equal((await store.twoFactor.get(userId))?.lastUsedStep, 0);
      });

      it('consumes a recovery code once: of 10 parallel uses exactly one wins, the others stay usable', async () => {
        const userId = await enabledUser();
        const results = await times(10, () => store.twoFactor.useRecoveryCode(userId, 'b'));
        assert.equal(results.filter(Boolean).length, 1);
        assert.deepEqual((await store.twoFactor.get(userId))?.recoveryCodeHashes, ['a', 'c']);
        assert.equal(await store.twoFactor.useRecoveryCode(userId, 'b'), false);
        assert.equal(await store.twoFactor.useRecoveryCode(userId, 'a'), true);
        assert.equal(await store.twoFactor.useRecoveryCode(userId, 'c'), true);
        assert.deepEqual((await store.twoFactor.get(userId))?.recoveryCodeHashes, []);
        assert.equal(await store.twoFactor.useRecoveryCode(randomUUID(), 'a'), false, 'unknown user');
      });

      it('removes the second factor on disable, so a new enrolment can start', async () => {
        const userId = await enabledUser();
        await store.twoFactor.disable(userId);
        assert.equal(await store.twoFactor.get(userId), null);
        assert.equal(await store.twoFactor.useStep(userId, 5000), false);
        assert.equal(await store.twoFactor.startEnrolment(userId, 'sealed-2'), true);
        await store.twoFactor.disable(randomUUID());
      });
    });

    describe('refresh tokens', () => {
      it('finds an inserted token by its hash, and nothing for an unknown hash', async () => {
        const token = aToken();
        await store.refreshTokens.insert(token);
        assert.deepEqual(await store.refreshTokens.findByHash(token.tokenHash), token);
        assert.equal(await store.refreshTokens.findByHash(`rt-${randomUUID()}`), null);
      });

      it('when 10 requests spend one token at once, exactly one gets the spent record', async () => {
        const token = aToken();
        await store.refreshTokens.insert(token);
        const spent = (await times(10, () => store.refreshTokens.spend(token.tokenHash, at(5)))).filter((r) => r !== null);
        assert.deepEqual(spent, [{ ...token, usedAt: at(5) }]);
        assert.deepEqual(await store.refreshTokens.findByHash(token.tokenHash), { ...token, usedAt: at(5) });
      });

      it('spends no expired, revoked, spent or unknown token, changing nothing', async () => {
        const expired = aToken({ expiresAt: at(5) });
        const revoked = aToken({ revokedAt: at(1) });
        const spent = aToken({ usedAt: at(1) });
        for (const token of [expired, revoked, spent]) {
          await store.refreshTokens.insert(token);
          assert.equal(await store.refreshTokens.spend(token.tokenHash, at(5)), null, 'expiresAt is exclusive');
          assert.deepEqual(await store.refreshTokens.findByHash(token.tokenHash), token);
        }
        assert.equal(await store.refreshTokens.spend(`rt-${randomUUID()}`, at(5)), null);
      });

      it('revokes every unrevoked token of one family only, keeping earlier revocations', async () => {
        const familyId = randomUUID();
        const family = [aToken({ familyId }), aToken({ familyId, usedAt: at(2) }), aToken({ familyId, revokedAt: at(1) })];
        const stranger = aToken();
        for (const token of [...family, stranger]) await store.refreshTokens.insert(token);
        await store.refreshTokens.revokeFamily(familyId, at(3));
        const expected = [{ ...family[0], revokedAt: at(3) }, { ...family[1], revokedAt: at(3) }, family[2]];
        for (const token of expected) assert.deepEqual(await store.refreshTokens.findByHash(token.tokenHash), token);
        assert.deepEqual(await store.refreshTokens.findByHash(stranger.tokenHash), stranger);
        assert.equal(await store.refreshTokens.spend(family[0].tokenHash, at(4)), null);
      });
    });

    describe('API keys', () => {
      it('finds an inserted key by prefix and refuses a second key with a taken prefix', async () => {
        const key = aKey();
        assert.equal(await store.apiKeys.insert(key), true);
        assert.equal(await store.apiKeys.insert(aKey({ prefix: key.prefix })), false);
        assert.deepEqual(await store.apiKeys.findByPrefix(key.prefix), key);
        assert.equal(await store.apiKeys.findByPrefix(`fg_${randomUUID()}`), null);
      });

      it("lists only the owner's keys, newest first with ties broken by id, revoked ones included", async () => {
        const userId = randomUUID();
        const mine = tiedTimes(5, T0, 1000).map((createdAt) => aKey({ userId, createdAt }));
        for (const key of [mine[2], mine[4], mine[0], mine[3], mine[1]]) await store.apiKeys.insert(key);
        await store.apiKeys.insert(aKey({ createdAt: at(1) }));
        const revoked = await store.apiKeys.revoke(mine[1].id, userId, at(9));
        const expected = mine.map((k) => (k.id === revoked?.id ? revoked : k)).sort(newestFirst((k) => k.createdAt));
        assert.deepEqual(await store.apiKeys.listByUser(userId), expected);
        assert.deepEqual(await store.apiKeys.listByUser(randomUUID()), []);
      });

      it('rotates with the expected hash, keeping the old one as previous until the given time', async () => {
        const key = aKey();
        await store.apiKeys.insert(key);
        const rotated = { ...key, secretHash: 'h-2', previousSecretHash: key.secretHash, previousSecretExpiresAt: at(15) };
        assert.deepEqual(await store.apiKeys.rotate(key.id, key.userId, key.secretHash, 'h-2', at(15)), rotated);
        assert.deepEqual(await store.apiKeys.findByPrefix(key.prefix), rotated);
        const again = { ...rotated, secretHash: 'h-3', previousSecretHash: 'h-2', previousSecretExpiresAt: null };
        assert.deepEqual(await store.apiKeys.rotate(key.id, key.userId, 'h-2', 'h-3', null), again);
      });

      it('lets exactly one of two rotations racing from the same hash win', async () => {
        const key = aKey();
        await store.apiKeys.insert(key);
        const results = await Promise.all(['h-a', 'h-b'].map((h) => store.apiKeys.rotate(key.id, key.userId, key.secretHash, h, at(15))));
        const winners = results.filter((r) => r !== null);
        assert.equal(winners.length, 1);
        assert.deepEqual(await store.apiKeys.findByPrefix(key.prefix), winners[0]);
      });

      it('rotates or revokes nothing for another user, a stale hash or a revoked key', async () => {
        const key = aKey();
        await store.apiKeys.insert(key);
        assert.equal(await store.apiKeys.rotate(key.id, randomUUID(), key.secretHash, 'h-x', null), null);
        assert.equal(await store.apiKeys.revoke(key.id, randomUUID(), at(1)), null);
        assert.equal(await store.apiKeys.rotate(key.id, key.userId, 'h-stale', 'h-x', null), null);
        assert.deepEqual(await store.apiKeys.findByPrefix(key.prefix), key);
        await store.apiKeys.revoke(key.id, key.userId, at(1));
        assert.equal(await store.apiKeys.rotate(key.id, key.userId, key.secretHash, 'h-x', null), null);
        assert.equal((await store.apiKeys.findByPrefix(key.prefix))?.secretHash, key.secretHash);
      });

      it('revokes once: the second revocation finds nothing and keeps the first time', async () => {
        const key = aKey();
        await store.apiKeys.insert(key);
        assert.deepEqual(await store.apiKeys.revoke(key.id, key.userId, at(1)), { ...key, revokedAt: at(1) });
        assert.equal(await store.apiKeys.revoke(key.id, key.userId, at(2)), null);
        assert.deepEqual(await store.apiKeys.findByPrefix(key.prefix), { ...key, revokedAt: at(1) });
      });

      it('records use with touch', async () => {
        const key = aKey();
        await store.apiKeys.insert(key);
        await store.apiKeys.touch(key.id, at(3));
        assert.deepEqual(await store.apiKeys.findByPrefix(key.prefix), { ...key, lastUsedAt: at(3) });
        await store.apiKeys.touch(randomUUID(), at(3));
      });
    });

    describe('audit trail', () => {
      it('lists events newest first, unchanged, filtered by action, user and outcome', async () => {
        // Far in the future and random, so the unfiltered first page holds only these events.
        const [userId, action, base] = [randomUUID(), `contract.${randomUUID()}`, Date.UTC(2900, 0, 1) + Math.floor(Math.random() * 1e12)];
        const events = [
          anAuditEvent({ userId, action, at: new Date(base) }),
          anAuditEvent({ userId, action, at: new Date(base + 3000), outcome: 'failure', code: 'BAD_USER_INPUT' }),
          anAuditEvent({ userId, at: new Date(base + 2000), outcome: 'refused', code: 'RATE_LIMITED' }),
          anAuditEvent({ userId: null, action, at: new Date(base + 1000), details: {} }),
        ];
        for (const event of events) await store.audit.insert(event);
        const list = async (filter: AuditFilter) => (await store.audit.list(filter, { first: 10 })).items;
        const sorted = [...events].sort(newestFirst((e) => e.at));
        assert.deepEqual((await store.audit.list({}, { first: 4 })).items, sorted);
        assert.deepEqual(await list({ userId }), sorted.filter((e) => e.userId === userId));
        assert.deepEqual(await list({ action }), sorted.filter((e) => e.action === action), 'events without a user too');
        assert.deepEqual(await list({ userId, action, outcome: 'failure' }), [events[1]]);
        assert.deepEqual(await list({ userId: randomUUID() }), []);
      });

      it('filters by code, client address and time (since inclusive, until exclusive), and keeps the API key id', async () => {
        const [clientAddress, base] = [`198.51.100.${Math.floor(Math.random() * 250)}|${randomUUID()}`, Date.UTC(2950, 0, 1) + Math.floor(Math.random() * 1e12)];
        const events = [0, 1000, 2000, 3000].map((offset, i) =>
          anAuditEvent({ clientAddress, at: new Date(base + offset), outcome: 'refused', code: i % 2 === 0 ? 'PURCHASE_LIMIT_EXCEEDED' : 'TWO_FACTOR_REQUIRED', keyId: i === 3 ? randomUUID() : null }),
        );
        for (const event of events) await store.audit.insert(event);
        const list = async (filter: AuditFilter) => (await store.audit.list({ clientAddress, ...filter }, { first: 10 })).items;
        const sorted = [...events].sort(newestFirst((e) => e.at));
        assert.deepEqual(await list({}), sorted, 'every event of the address, the API key id included');
        assert.deepEqual(await list({ code: 'TWO_FACTOR_REQUIRED' }), [events[3], events[1]]);
        assert.deepEqual(await list({ since: new Date(base + 1000), until: new Date(base + 3000) }), [events[2], events[1]]);
        assert.deepEqual(await list({ since: new Date(base + 3000) }), [events[3]]);
        assert.deepEqual(await list({ until: new Date(base + 1) }), [events[0]]);
        assert.deepEqual(await list({ code: 'PURCHASE_LIMIT_EXCEEDED', since: new Date(base + 1) }), [events[2]]);
        assert.deepEqual(await list({ clientAddress: `${clientAddress}x` }), []);
      });

      it('pages through a filtered time range without duplicates or gaps', async () => {
        const clientAddress = `203.0.113.9|${randomUUID()}`;
        const events = tiedTimes(9, T0, 1000).map((time) => anAuditEvent({ clientAddress, at: time }));
        for (const event of events) await store.audit.insert(event);
        const inRange = events.filter((e) => e.at.getTime() >= T0 + 1000);
        const pages = await allPages(
          (after) => store.audit.list({ clientAddress, since: new Date(T0 + 1000) }, { first: 2, after }),
          (e) => ({ at: e.at.getTime(), id: e.id }),
        );
        assert.deepEqual(pages.flatMap((p) => p.items), inRange.sort(newestFirst((e) => e.at)));
      });

      it('pages through events with tied times without duplicates or gaps', async () => {
        const userId = randomUUID();
        const events = tiedTimes(7, T0, 1000).map((time) => anAuditEvent({ userId, at: time }));
        for (const event of [...events].reverse()) await store.audit.insert(event);
        const pages = await allPages(
          (after) => store.audit.list({ userId }, { first: 3, after }),
          (e) => ({ at: e.at.getTime(), id: e.id }),
        );
        assert.deepEqual(pages.map((p) => [p.items.length, p.hasNextPage]), [[3, true], [3, true], [1, false]]);
        assert.deepEqual(pages.flatMap((p) => p.items), events.sort(newestFirst((e) => e.at)));
      });
    });
  });
}
