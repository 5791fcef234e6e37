import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AuditEventsDocument, BuyTicketDocument, CreateApiKeyDocument, LoginDocument, RegisterDocument, type AuditEventFilter } from '../generated/graphql';
import { onlyError, TEST_PASSWORD } from '../helpers/client';
import { auditEvents, detailOf, uniqueAddress } from '../helpers/audit';
import { manualClock } from '../helpers/clock';
import { createEvent, newKey } from '../helpers/fixtures';
import { ADMIN, startTestApp, uniqueUser, type TestApp } from '../helpers/test-app';

describe('the audit trail (auditEvents, ADMIN only)', () => {
  // Each step of a story happens a second after the last (on the app's clock), so "newest first" is one order.
  const clock = manualClock();
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { TRUST_PROXY: '1' }, overrides: { clock } });
  });
  after(() => t.stop());

  /** One user's story from one address: sign-up, a failed and a good sign-in, a key, a purchase, a refusal. */
  async function story(address: string) {
    const headers = { 'x-forwarded-for': address };
    const username = uniqueUser('story');
    const registered = await t.client.request(RegisterDocument, { input: { username, password: TEST_PASSWORD } }, { headers });
    const { accessToken, user } = registered.data!.register;
    clock.advance(1000);
    await t.client.request(LoginDocument, { input: { username, password: 'wrong-password-but-long' } }, { headers });
    clock.advance(1000);
    await t.client.request(LoginDocument, { input: { username, password: TEST_PASSWORD } }, { headers });
    clock.advance(1000);
    const signedIn = { headers: { ...headers, authorization: `Bearer ${accessToken}` } };
    const key = await t.client.request(CreateApiKeyDocument, { input: { name: 'shop', scopes: ['TICKETS_WRITE'] } }, signedIn);
    clock.advance(1000);
    const event = await createEvent(t.client, { capacity: 2 });
    const bought = await t.client.request(BuyTicketDocument, { input: { eventId: event.id, quantity: 1, idempotencyKey: newKey() } }, { headers: { ...headers, 'x-api-key': key.data!.createApiKey.secret } });
    await t.client.request(BuyTicketDocument, { input: { eventId: event.id, quantity: 1, idempotencyKey: newKey() } }, { as: uniqueUser() }); // the last ticket, from elsewhere
    clock.advance(1000);
    const soldOut = await t.client.request(BuyTicketDocument, { input: { eventId: event.id, quantity: 1, idempotencyKey: newKey() } }, signedIn);
    assert.equal(onlyError(soldOut).extensions?.code, 'SOLD_OUT');
    return { userId: user.id, accessToken, key: key.data!.createApiKey, bought, soldOut, eventId: event.id };
  }

  it('an ADMIN reads sign-ins, key changes, purchases and refusals newest first, with who, where and the request id, and no secrets', async () => {
    const address = uniqueAddress();
    const { userId, accessToken, key, bought, soldOut, eventId } = await story(address);
    const events = await auditEvents(t.client, { clientAddress: address });
    assert.deepEqual(events.map((e) => [e.flow, e.outcome, e.code]), [
      ['buyTicket', 'REFUSED', 'SOLD_OUT'],
      ['buyTicket', 'SUCCESS', null],
      ['apiKey.create', 'SUCCESS', null],
      ['login', 'SUCCESS', null],
      ['login', 'FAILURE', 'UNAUTHENTICATED'],
      ['register', 'SUCCESS', null],
    ]);
    for (const e of events) assert.deepEqual([e.userId, e.clientAddress], [userId, address]);
    const [refusal, purchase] = events;
    assert.deepEqual([refusal.requestId, detailOf(refusal, 'rule'), detailOf(refusal, 'eventId'), refusal.apiKeyId], [soldOut.extensions?.requestId, 'inventory', eventId, null]);
    assert.deepEqual([purchase.requestId, purchase.apiKeyId, detailOf(purchase, 'purchaseId')], [bought.extensions?.requestId, key.apiKey.id, bought.data!.buyTicket.id]);
    const logged = t.logs.filter((line) => line.includes('"message":"audit"') && line.includes(address));
    assert.equal(logged.length, 6, 'each event is also a log line');
    assert.ok(logged.some((line) => line.includes(String(soldOut.extensions?.requestId)) && line.includes('SOLD_OUT')));
    const text = JSON.stringify(events) + logged.join('\n');
    for (const secret of [TEST_PASSWORD, 'wrong-password-but-long', accessToken, key.secret]) assert.ok(!text.includes(secret), 'no secret in the audit trail or its log lines');
  });

  it('filters by flow, outcome, code, user and time range', async () => {
    const address = uniqueAddress();
    const { userId } = await story(address);
    const flows = async (filter: AuditEventFilter) => (await auditEvents(t.client, { clientAddress: address, ...filter })).map((e) => `${e.flow}:${e.outcome}`);
    assert.deepEqual(await flows({ flow: 'login' }), ['login:SUCCESS', 'login:FAILURE']);
    assert.deepEqual(await flows({ outcome: 'REFUSED' }), ['buyTicket:REFUSED']);
    assert.deepEqual(await flows({ code: 'UNAUTHENTICATED' }), ['login:FAILURE']);
    assert.equal((await flows({ userId })).length, 6);
    assert.deepEqual(await flows({ userId: '00000000-0000-4000-8000-000000000000' }), []);

    const all = await auditEvents(t.client, { clientAddress: address });
    const [newest, oldest] = [new Date(all[0].at), new Date(all[all.length - 1].at)];
    assert.equal((await flows({ since: oldest.toISOString() })).length, 6, 'since is inclusive');
    assert.deepEqual(await flows({ until: oldest.toISOString() }), [], 'until is exclusive');
    assert.deepEqual(await flows({ since: new Date(newest.getTime() + 1).toISOString() }), []);
  });

  it('pages newest first with cursors, every event exactly once', async () => {
    const address = uniqueAddress();
    await story(address);
    const expected = (await auditEvents(t.client, { clientAddress: address })).map((e) => e.id);
    const seen: string[] = [];
    let after: string | null | undefined;
    do {
      const page = await t.client.request(AuditEventsDocument, { filter: { clientAddress: address }, first: 4, after }, { as: ADMIN.username });
      seen.push(...page.data!.auditEvents.edges.map((edge) => edge.node.id));
      after = page.data!.auditEvents.pageInfo.hasNextPage ? page.data!.auditEvents.pageInfo.endCursor : null;
    } while (after);
    assert.equal(seen.length, 6);
    assert.deepEqual(seen, expected);
  });

  it('a USER and an API key get FORBIDDEN, an anonymous caller UNAUTHENTICATED', async () => {
    const address = uniqueAddress();
    const { accessToken, key } = await story(address);
    const read = (headers: Record<string, string>) => t.client.request(AuditEventsDocument, { first: 5 }, { headers });
    assert.equal(onlyError(await read({ authorization: `Bearer ${accessToken}` })).extensions?.code, 'FORBIDDEN');
    assert.equal(onlyError(await read({ 'x-api-key': key.secret })).extensions?.code, 'FORBIDDEN');
    const anonymous = onlyError(await read({}));
    assert.equal(anonymous.extensions?.code, 'UNAUTHENTICATED');
  });

  it('a malformed filter or page size is BAD_USER_INPUT, naming the field', async () => {
    const badUser = onlyError(await t.client.request(AuditEventsDocument, { filter: { userId: 'not-a-uuid' } }, { as: ADMIN.username }));
    assert.equal(badUser.extensions?.code, 'BAD_USER_INPUT');
    assert.match(String(badUser.extensions?.field), /userId/);
    const badFirst = onlyError(await t.client.request(AuditEventsDocument, { first: 1000 }, { as: ADMIN.username }));
    assert.deepEqual([badFirst.extensions?.code, badFirst.extensions?.field], ['BAD_USER_INPUT', 'first']);
  });
});
