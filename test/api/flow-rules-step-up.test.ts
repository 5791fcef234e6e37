import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openStore } from '../../src/repositories/open-store';
import { BuyTicketDocument, ConfirmTwoFactorDocument, CreateApiKeyDocument, EnrollTwoFactorDocument, LoginDocument, MyPurchasesDocument, VerifyTwoFactorDocument } from '../generated/graphql';
import { onlyError, TEST_PASSWORD, type ApiClient, type GraphQLResult, type RequestOptions } from '../helpers/client';
import { auditEvents, detailOf } from '../helpers/audit';
import { manualClock } from '../helpers/clock';
import { createEvent, newKey, ticketsLeft } from '../helpers/fixtures';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis';
import { startTestApp, uniqueUser, type TestApp } from '../helpers/test-app';
import { secretFromOtpauthUri, totpAt } from '../helpers/totp';

type Clock = ReturnType<typeof manualClock>;

const buyWith = (client: ApiClient, options: RequestOptions, eventId: string, quantity: number, twoFactorCode?: string, idempotencyKey = newKey()) =>
  client.request(BuyTicketDocument, { input: { eventId, quantity, idempotencyKey, twoFactorCode } }, options);
const refusalOf = (result: GraphQLResult<unknown>) => {
  const error = onlyError(result);
  return [error.extensions?.code, error.extensions?.reason];
};

/** A user with 2FA on, the clock on a fresh TOTP step; returns the secret and recovery codes. */
async function enrolledUser(t: TestApp, clock: Clock) {
  const username = uniqueUser('stepup');
  const enrolment = await t.client.request(EnrollTwoFactorDocument, {}, { as: username });
  const secret = secretFromOtpauthUri(enrolment.data!.enrollTwoFactor.otpauthUri);
  const confirmed = await t.client.request(ConfirmTwoFactorDocument, { code: totpAt(secret, clock.ms()) }, { as: username });
  assert.equal(confirmed.errors, undefined, JSON.stringify(confirmed.errors));
  clock.advance(30_000);
  return { as: username, secret, recoveryCodes: confirmed.data!.confirmTwoFactor.codes };
}

describe('flow rule: step-up second factor for orders over STEP_UP_TICKET_THRESHOLD (4)', () => {
  const clock = manualClock();
  let t: TestApp;
  before(async () => {
    // A per-address cap of 6 proves that refused orders give their tickets back (5 + 5 > 6).
    t = await startTestApp({ env: { TICKETS_PER_ADDRESS_PER_EVENT: '6' }, overrides: { clock } });
  });
  after(() => t.stop());

  const buy = (options: RequestOptions, eventId: string, quantity: number, twoFactorCode?: string, idempotencyKey = newKey()) =>
    buyWith(t.client, options, eventId, quantity, twoFactorCode, idempotencyKey);
  const refusal = refusalOf;
  const userWithTwoFactor = () => enrolledUser(t, clock);

  it('without a code → TWO_FACTOR_REQUIRED; with a fresh code → sold; the same code again → refused', async () => {
    const event = await createEvent(t.client, { capacity: 20, maxTicketsPerUser: 20 });
    const buyer = await userWithTwoFactor();
    assert.deepEqual(refusal(await buy(buyer, event.id, 5)), ['TWO_FACTOR_REQUIRED', 'CODE_MISSING']);
    assert.equal(await ticketsLeft(t.client, event.id), 20, 'nothing sold');

    const code = totpAt(buyer.secret, clock.ms());
    const bought = await buy(buyer, event.id, 5, code);
    assert.equal(bought.errors, undefined, JSON.stringify(bought.errors));
    const other = await createEvent(t.client); // the same event would meet the address cap first (5 + 5 > 6)
    assert.deepEqual(refusal(await buy(buyer, other.id, 5, code)), ['TWO_FACTOR_REQUIRED', 'CODE_REJECTED']);
    assert.equal(await ticketsLeft(t.client, event.id), 15);
    assert.equal(await ticketsLeft(t.client, other.id), 100);

    // The manual clock stood still, so the three events share one time: compare them as a set.
    const events = await auditEvents(t.client, { userId: await me(buyer.as), flow: 'buyTicket' });
    assert.deepEqual(events.map((e) => `${e.outcome} ${e.code} ${detailOf(e, 'rule')}`).sort(), [
      'REFUSED TWO_FACTOR_REQUIRED stepUp',
      'REFUSED TWO_FACTOR_REQUIRED stepUp',
      'SUCCESS null undefined',
    ]);
    assert.ok(!JSON.stringify(events).includes(code), 'the code is never in the audit trail');
  });

  it('an order at the threshold needs no code', async () => {
    const event = await createEvent(t.client);
    assert.equal((await buy({ as: uniqueUser() }, event.id, 4)).errors, undefined);
  });

  it('a refused order frees its idempotency key, and a replay of the completed order needs no new code', async () => {
    const event = await createEvent(t.client, { capacity: 20, maxTicketsPerUser: 20 });
    const buyer = await userWithTwoFactor();
    const key = newKey();
    assert.deepEqual(refusal(await buy(buyer, event.id, 5, undefined, key)), ['TWO_FACTOR_REQUIRED', 'CODE_MISSING']);
    const bought = await buy(buyer, event.id, 5, totpAt(buyer.secret, clock.ms()), key);
    assert.equal(bought.errors, undefined, JSON.stringify(bought.errors));
    const replay = await buy(buyer, event.id, 5, undefined, key);
    assert.equal(replay.data?.buyTicket.id, bought.data!.buyTicket.id);
    assert.equal(await ticketsLeft(t.client, event.id), 15);
  });

  it('a user without 2FA and an API key are told what is needed', async () => {
    const event = await createEvent(t.client);
    const plain = uniqueUser();
    const noTwoFactor = onlyError(await buy({ as: plain }, event.id, 5, '123456'));
    assert.deepEqual([noTwoFactor.extensions?.code, noTwoFactor.extensions?.reason], ['TWO_FACTOR_REQUIRED', 'NOT_ENROLLED']);
    assert.match(noTwoFactor.message, /enrollTwoFactor/);

    const buyer = await userWithTwoFactor();
    const key = await t.client.request(CreateApiKeyDocument, { input: { name: 'shop', scopes: ['TICKETS_WRITE'] } }, { as: buyer.as });
    const viaKey = onlyError(await buy({ headers: { 'x-api-key': key.data!.createApiKey.secret } }, event.id, 5, totpAt(buyer.secret, clock.ms())));
    assert.deepEqual([viaKey.extensions?.code, viaKey.extensions?.reason], ['TWO_FACTOR_REQUIRED', 'API_KEY']);
    assert.match(viaKey.message, /sign in/);
    assert.equal(await ticketsLeft(t.client, event.id), 100);
    const [audited] = await auditEvents(t.client, { userId: await me(buyer.as), flow: 'buyTicket' });
    assert.equal(audited.apiKeyId, key.data!.createApiKey.apiKey.id, 'the refusal names the key that was used');
  });

  it('a recovery code is not accepted here, and stays usable for signing in', async () => {
    const event = await createEvent(t.client);
    const buyer = await userWithTwoFactor();
    assert.deepEqual(refusal(await buy(buyer, event.id, 5, buyer.recoveryCodes[0])), ['TWO_FACTOR_REQUIRED', 'CODE_REJECTED']);
    const challenge = await t.client.request(LoginDocument, { input: { username: buyer.as, password: TEST_PASSWORD } });
    const { challengeToken } = challenge.data!.login as { challengeToken: string };
    const session = await t.client.request(VerifyTwoFactorDocument, { input: { challengeToken, code: buyer.recoveryCodes[0] } });
    assert.equal(session.errors, undefined, JSON.stringify(session.errors));
  });

  it('wrong codes are cut off with RATE_LIMITED after TWO_FACTOR_MAX_ATTEMPTS (5), then even the right code is refused', async () => {
    const event = await createEvent(t.client);
    const buyer = await userWithTwoFactor();
    for (let i = 0; i < 5; i += 1) assert.deepEqual(refusal(await buy(buyer, event.id, 5, '000000')), ['TWO_FACTOR_REQUIRED', 'CODE_REJECTED']);
    const limited = onlyError(await buy(buyer, event.id, 5, totpAt(buyer.secret, clock.ms())));
    assert.equal(limited.extensions?.code, 'RATE_LIMITED');
    assert.ok(Number(limited.extensions?.retryAfter) > 0);
    assert.equal(await ticketsLeft(t.client, event.id), 100);
  });

  /** The user's id, as the API tells its owner. */
  async function me(username: string): Promise<string> {
    const result = await t.client.post<{ me: { id: string } }>({ query: '{ me { id } }' }, { as: username });
    return result.data!.me.id;
  }
});

// The threshold counts a buyer's tickets for one event bought without a code, across orders (else a
// stolen token buys 4 + 4 + 2). The per-address cap is the test default (100,000) here, so only the
// step-up rule and the per-user cap stand between the buyer and the tickets.
describe('flow rule: step-up counts the tickets of one event bought without a second factor, across orders', () => {
  const clock = manualClock();
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ overrides: { clock } });
  });
  after(() => t.stop());

  const buy = (options: RequestOptions, eventId: string, quantity: number, twoFactorCode?: string, idempotencyKey = newKey()) =>
    buyWith(t.client, options, eventId, quantity, twoFactorCode, idempotencyKey);
  const purchasesOf = async (as: string) => (await t.client.request(MyPurchasesDocument, {}, { as })).data!.myPurchases.edges.map((edge) => edge.node.quantity);
  /** A fresh code: the clock moves to the next TOTP step first (a step is accepted once). */
  const freshCode = (secret: string) => totpAt(secret, clock.advance(30_000));

  it('4 + 4 + 2 in three orders: the second needs a code and stores nothing without one; with a code it passes; so does the third', async () => {
    const event = await createEvent(t.client, { capacity: 20, maxTicketsPerUser: 10 });
    const buyer = await enrolledUser(t, clock);
    assert.equal((await buy(buyer, event.id, 4)).errors, undefined, 'up to the threshold without a code');

    const second = await buy(buyer, event.id, 4);
    assert.deepEqual(refusalOf(second), ['TWO_FACTOR_REQUIRED', 'CODE_MISSING']);
    assert.equal(onlyError(second).extensions?.threshold, 4);
    assert.match(onlyError(second).message, /more than 4 tickets for this event without a second factor/);
    assert.equal(await ticketsLeft(t.client, event.id), 16, 'nothing sold for the refused order');
    assert.deepEqual(await purchasesOf(buyer.as), [4], 'nothing stored for the refused order');

    assert.equal((await buy(buyer, event.id, 4, freshCode(buyer.secret))).errors, undefined, 'with a code it passes');
    assert.deepEqual(refusalOf(await buy(buyer, event.id, 2)), ['TWO_FACTOR_REQUIRED', 'CODE_MISSING'], 'the code bought 4, it did not reset the count');
    assert.equal((await buy(buyer, event.id, 2, freshCode(buyer.secret))).errors, undefined);
    assert.equal(await ticketsLeft(t.client, event.id), 10);
    assert.deepEqual((await purchasesOf(buyer.as)).sort(), [2, 4, 4]);

    const other = await createEvent(t.client);
    assert.equal((await buy(buyer, other.id, 4)).errors, undefined, 'each event has its own count');
  });

  it('three aliases of buyTicket in one request (2 + 2 + 2): 4 tickets without a code, the third is refused', async () => {
    const event = await createEvent(t.client, { capacity: 20 });
    const buyer = await enrolledUser(t, clock);
    const order = (alias: string) => `${alias}: buyTicket(input: { eventId: "${event.id}", quantity: 2, idempotencyKey: "${newKey()}" }) { id quantity }`;
    const result = await t.client.post({ query: `mutation { ${['a', 'b', 'c'].map(order).join(' ')} }` }, { as: buyer.as });
    const error = onlyError(result);
    assert.deepEqual([error.extensions?.code, error.extensions?.reason, error.path], ['TWO_FACTOR_REQUIRED', 'CODE_MISSING', ['c']]);
    assert.equal(await ticketsLeft(t.client, event.id), 16);
    assert.deepEqual(await purchasesOf(buyer.as), [2, 2]);
  });

  it('10 parallel orders of 1 ticket: exactly 4 pass without a code, the rest are refused and leave nothing behind', async () => {
    const event = await createEvent(t.client, { capacity: 50, maxTicketsPerUser: 10 });
    const buyer = await enrolledUser(t, clock);
    await t.client.tokenFor(buyer.as);
    const results = await Promise.all(Array.from({ length: 10 }, () => buy(buyer, event.id, 1)));
    assert.equal(results.filter((r) => r.data?.buyTicket).length, 4);
    for (const r of results.filter((r) => !r.data?.buyTicket)) assert.deepEqual(refusalOf(r), ['TWO_FACTOR_REQUIRED', 'CODE_MISSING']);
    assert.equal(await ticketsLeft(t.client, event.id), 46);
    assert.equal((await purchasesOf(buyer.as)).length, 4);
  });

  it('an order refused after it was counted (sold out) gives its tickets back to the count', async () => {
    const scarce = await createEvent(t.client, { capacity: 5 });
    assert.equal((await buy({ as: uniqueUser() }, scarce.id, 2)).errors, undefined);
    const plain = uniqueUser();
    assert.equal(onlyError(await buy({ as: plain }, scarce.id, 4)).extensions?.code, 'SOLD_OUT', 'counted 4, then sold out');
    assert.equal((await buy({ as: plain }, scarce.id, 3)).errors, undefined, 'had the 4 stayed counted, 4 + 3 would need a second factor');
    assert.equal(await ticketsLeft(t.client, scarce.id), 0);
  });

  it('an order the per-user cap refuses is refused for that, never asked for a code, and spends none', async () => {
    const event = await createEvent(t.client, { capacity: 20, maxTicketsPerUser: 6 });
    const buyer = await enrolledUser(t, clock);
    assert.equal((await buy(buyer, event.id, 4)).errors, undefined);
    const refused = onlyError(await buy(buyer, event.id, 4));
    assert.deepEqual([refused.extensions?.code, refused.extensions?.limit], ['PURCHASE_LIMIT_EXCEEDED', 'perUser'], 'no code could make this order pass');
    const code = freshCode(buyer.secret);
    assert.equal(onlyError(await buy(buyer, event.id, 3, code)).extensions?.limit, 'perUser');
    assert.equal((await buy(buyer, event.id, 2, code)).errors, undefined, 'the code was not spent by the refused order');
    assert.equal(await ticketsLeft(t.client, event.id), 14);
  });

  it('replays of a completed purchase (in parallel too) and an idempotency conflict count nothing', async () => {
    const event = await createEvent(t.client, { capacity: 20 });
    const buyer = await enrolledUser(t, clock);
    const key = newKey();
    const results = await Promise.all(Array.from({ length: 5 }, () => buy(buyer, event.id, 3, undefined, key)));
    const ids = new Set(results.map((r) => r.data?.buyTicket.id));
    assert.equal(ids.size, 1, JSON.stringify(results.map((r) => r.errors)));
    assert.ok(!ids.has(undefined));
    assert.equal((await buy(buyer, event.id, 3, undefined, key)).data?.buyTicket.id, [...ids][0]);
    assert.equal(onlyError(await buy(buyer, event.id, 1, undefined, key)).extensions?.code, 'IDEMPOTENCY_CONFLICT');
    assert.equal((await buy(buyer, event.id, 1)).errors, undefined, 'only the one purchase counted: 3 + 1');
    assert.deepEqual(refusalOf(await buy(buyer, event.id, 1)), ['TWO_FACTOR_REQUIRED', 'CODE_MISSING']);
    assert.equal(await ticketsLeft(t.client, event.id), 16);
  });

  it('a user without 2FA buys up to the threshold in all, then NOT_ENROLLED (a code sent changes nothing)', async () => {
    const event = await createEvent(t.client, { capacity: 20 });
    const plain = uniqueUser();
    assert.equal((await buy({ as: plain }, event.id, 2)).errors, undefined);
    assert.equal((await buy({ as: plain }, event.id, 2, '123456')).errors, undefined, 'the code of a user without 2FA is ignored, as before');
    const refused = onlyError(await buy({ as: plain }, event.id, 1));
    assert.deepEqual([refused.extensions?.code, refused.extensions?.reason], ['TWO_FACTOR_REQUIRED', 'NOT_ENROLLED']);
    assert.match(refused.message, /enrollTwoFactor/);
    assert.deepEqual(refusalOf(await buy({ as: plain }, event.id, 1, '123456')), ['TWO_FACTOR_REQUIRED', 'NOT_ENROLLED']);
    assert.equal(await ticketsLeft(t.client, event.id), 16);
  });

  it("an API key's orders count against its user's tickets, and past them it is told to sign in", async () => {
    const event = await createEvent(t.client, { capacity: 20 });
    const buyer = await enrolledUser(t, clock);
    const key = await t.client.request(CreateApiKeyDocument, { input: { name: 'shop', scopes: ['TICKETS_WRITE'] } }, { as: buyer.as });
    const viaKey = { headers: { 'x-api-key': key.data!.createApiKey.secret } };
    assert.equal((await buy(buyer, event.id, 3)).errors, undefined);
    assert.deepEqual(refusalOf(await buy(viaKey, event.id, 2)), ['TWO_FACTOR_REQUIRED', 'API_KEY']);
    assert.equal((await buy(viaKey, event.id, 1)).errors, undefined);
    assert.deepEqual(refusalOf(await buy(buyer, event.id, 1)), ['TWO_FACTOR_REQUIRED', 'CODE_MISSING']);
  });

  it('a code sent with a small order is checked: a right one is spent and counts nothing, a wrong one is refused', async () => {
    const event = await createEvent(t.client, { capacity: 20 });
    const buyer = await enrolledUser(t, clock);
    assert.equal((await buy(buyer, event.id, 2, freshCode(buyer.secret))).errors, undefined);
    assert.equal((await buy(buyer, event.id, 4)).errors, undefined, 'the 2 bought with a code did not count');
    assert.deepEqual(refusalOf(await buy(buyer, event.id, 1, '000000')), ['TWO_FACTOR_REQUIRED', 'CODE_REJECTED']);
    assert.equal(await ticketsLeft(t.client, event.id), 14);
  });
});

describe('flow rule: step-up with STEP_UP_TICKET_THRESHOLD=0', () => {
  const clock = manualClock();
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { STEP_UP_TICKET_THRESHOLD: '0' }, overrides: { clock } });
  });
  after(() => t.stop());

  it('every order needs a code, even of one ticket', async () => {
    const event = await createEvent(t.client);
    const buyer = await enrolledUser(t, clock);
    const refused = onlyError(await buyWith(t.client, buyer, event.id, 1));
    assert.deepEqual([refused.extensions?.code, refused.extensions?.reason, refused.extensions?.threshold], ['TWO_FACTOR_REQUIRED', 'CODE_MISSING', 0]);
    assert.deepEqual(refusalOf(await buyWith(t.client, { as: uniqueUser() }, event.id, 1)), ['TWO_FACTOR_REQUIRED', 'NOT_ENROLLED']);
    assert.equal((await buyWith(t.client, buyer, event.id, 1, totpAt(buyer.secret, clock.ms()))).errors, undefined);
    assert.equal(await ticketsLeft(t.client, event.id), 99);
  });
});

// Two replicas (one shared store, as MongoDB would be; one Redis) counting one buyer's parallel
// orders spread over both: the count lives in Redis, so together they pass no more than one would.
describe('flow rule: step-up counted in Redis, shared by replicas', () => {
  it('10 parallel orders of 1 ticket over two replicas: exactly 4 pass without a second factor', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'flowguard-shared-'));
    const store = await openStore({ kind: 'embedded', dataDir });
    const prefix = uniquePrefix();
    const env = { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix };
    const a = await startTestApp({ dataDir, env, overrides: { store } });
    const b = await startTestApp({ dataDir, env, overrides: { store } });
    try {
      const event = await createEvent(a.client, { capacity: 50, maxTicketsPerUser: 10 });
      const buyer = uniqueUser('replicas');
      await a.client.tokenFor(buyer);
      await b.client.tokenFor(buyer);
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => buyWith(i % 2 ? b.client : a.client, { as: buyer }, event.id, 1)));
      assert.equal(results.filter((r) => r.data?.buyTicket).length, 4);
      for (const r of results.filter((r) => !r.data?.buyTicket)) assert.deepEqual(refusalOf(r), ['TWO_FACTOR_REQUIRED', 'NOT_ENROLLED']);
      assert.equal(await ticketsLeft(a.client, event.id), 46);
    } finally {
      await b.stop();
      await a.stop();
      await rm(dataDir, { recursive: true, force: true });
      await deleteKeys(prefix);
    }
  });
});
