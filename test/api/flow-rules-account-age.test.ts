import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BuyTicketDocument, CommentsDocument, PostCommentDocument } from '../generated/graphql';
import { onlyError } from '../helpers/client';
import { auditEvents, detailOf, uniqueAddress } from '../helpers/audit';
import { manualClock } from '../helpers/clock';
import { createEvent, newKey, ticketsLeft } from '../helpers/fixtures';
import { startTestApp, uniqueUser, type TestApp } from '../helpers/test-app';

describe('flow rule: "faster than a human" (minimum account age), when switched on', () => {
  const clock = manualClock();
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { TRUST_PROXY: '1', MIN_ACCOUNT_AGE_SECONDS_TO_BUY: '120', MIN_ACCOUNT_AGE_SECONDS_TO_COMMENT: '30' }, overrides: { clock } });
  });
  after(() => t.stop());

  const buy = (as: string, eventId: string, address: string) =>
    t.client.request(BuyTicketDocument, { input: { eventId, quantity: 1, idempotencyKey: newKey() } }, { as, headers: { 'x-forwarded-for': address } });
  const post = (as: string, eventId: string, address: string) =>
    t.client.request(PostCommentDocument, { input: { eventId, body: 'first!' } }, { as, headers: { 'x-forwarded-for': address } });

  it('a purchase by an account younger than MIN_ACCOUNT_AGE_SECONDS_TO_BUY → TOO_FAST with retryAfter, nothing sold; later it goes through', async () => {
    const [event, buyer, address] = [await createEvent(t.client, { capacity: 5 }), uniqueUser('fresh'), uniqueAddress()];
    await t.client.tokenFor(buyer); // signs up now (on the app's clock)
    clock.advance(20_000);
    const error = onlyError(await buy(buyer, event.id, address));
    assert.deepEqual([error.extensions?.code, error.extensions?.retryAfter], ['TOO_FAST', 100]);
    assert.equal(await ticketsLeft(t.client, event.id), 5);
    const [audited] = await auditEvents(t.client, { clientAddress: address });
    assert.deepEqual([audited.flow, audited.code, detailOf(audited, 'rule')], ['buyTicket', 'TOO_FAST', 'accountAge']);

    clock.advance(100_000);
    assert.equal((await buy(buyer, event.id, address)).errors, undefined);
    assert.equal(await ticketsLeft(t.client, event.id), 4);
  });

  it('a comment by an account younger than MIN_ACCOUNT_AGE_SECONDS_TO_COMMENT → TOO_FAST, thread unchanged; later it goes through', async () => {
    const [event, author, address] = [await createEvent(t.client), uniqueUser('fresh'), uniqueAddress()];
    await t.client.tokenFor(author);
    const error = onlyError(await post(author, event.id, address));
    assert.deepEqual([error.extensions?.code, error.extensions?.retryAfter], ['TOO_FAST', 30]);
    const thread = async () => (await t.client.request(CommentsDocument, { eventId: event.id })).data!.comments.edges.length;
    assert.equal(await thread(), 0);
    const [audited] = await auditEvents(t.client, { clientAddress: address });
    assert.deepEqual([audited.flow, audited.code, detailOf(audited, 'rule')], ['postComment', 'TOO_FAST', 'accountAge']);

    clock.advance(30_000);
    assert.equal((await post(author, event.id, address)).errors, undefined);
    assert.equal(await thread(), 1);
  });
});
