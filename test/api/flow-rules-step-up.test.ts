import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BuyTicketDocument, ConfirmTwoFactorDocument, CreateApiKeyDocument, EnrollTwoFactorDocument, LoginDocument, VerifyTwoFactorDocument } from '../generated/graphql';
import { onlyError, TEST_PASSWORD, type RequestOptions } from '../helpers/client';
import { auditEvents, detailOf } from '../helpers/audit';
import { manualClock } from '../helpers/clock';
import { createEvent, newKey, ticketsLeft } from '../helpers/fixtures';
import { startTestApp, uniqueUser, type TestApp } from '../helpers/test-app';
import { secretFromOtpauthUri, totpAt } from '../helpers/totp';

describe('flow rule: step-up second factor for orders over STEP_UP_TICKET_THRESHOLD (4)', () => {
  const clock = manualClock();
  let t: TestApp;
  before(async () => {
    // A per-address cap of 6 proves that refused orders give their tickets back (5 + 5 > 6).
    t = await startTestApp({ env: { TICKETS_PER_ADDRESS_PER_EVENT: '6' }, overrides: { clock } });
  });
  after(() => t.stop());

  const buy = (options: RequestOptions, eventId: string, quantity: number, twoFactorCode?: string, idempotencyKey = newKey()) =>
    t.client.request(BuyTicketDocument, { input: { eventId, quantity, idempotencyKey, twoFactorCode } }, options);
  const refusal = (result: Awaited<ReturnType<typeof buy>>) => {
    const error = onlyError(result);
    return [error.extensions?.code, error.extensions?.reason];
  };

  /** A user with 2FA on, the clock on a fresh TOTP step; returns the secret and recovery codes. */
  async function userWithTwoFactor() {
    const username = uniqueUser('stepup');
    const enrolment = await t.client.request(EnrollTwoFactorDocument, {}, { as: username });
    const secret = secretFromOtpauthUri(enrolment.data!.enrollTwoFactor.otpauthUri);
    const confirmed = await t.client.request(ConfirmTwoFactorDocument, { code: totpAt(secret, clock.ms()) }, { as: username });
    assert.equal(confirmed.errors, undefined, JSON.stringify(confirmed.errors));
    clock.advance(30_000);
    return { as: username, secret, recoveryCodes: confirmed.data!.confirmTwoFactor.codes };
  }

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
