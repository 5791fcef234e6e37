import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { CommentsDocument, PostCommentDocument } from '../generated/graphql';
import { onlyError } from '../helpers/client';
import { auditEvents, detailOf, uniqueAddress } from '../helpers/audit';
import { createEvent } from '../helpers/fixtures';
import { startTestApp, uniqueUser, type TestApp } from '../helpers/test-app';

describe('flow rules of postComment', () => {
  let t: TestApp;
  before(async () => {
    // Windows short enough to pass within a test; TRUST_PROXY=1 so each test's audit events are its own.
    t = await startTestApp({ env: { TRUST_PROXY: '1', DUPLICATE_COMMENT_WINDOW_SECONDS: '3', COMMENT_THREAD_BURST_LIMIT: '5' } });
  });
  after(() => t.stop());

  const post = (as: string, eventId: string, body: string, address = '192.0.2.1') =>
    t.client.request(PostCommentDocument, { input: { eventId, body } }, { as, headers: { 'x-forwarded-for': address } });
  const thread = async (eventId: string) => (await t.client.request(CommentsDocument, { eventId, first: 100 })).data!.comments.edges.map((edge) => edge.node.body);

  describe('bodies', () => {
    for (const [name, body] of [['NUL', 'hi\u0000there'], ['a terminal escape', '\u001b[2J\u001b[Hhacked'], ['a lone carriage return', 'a\rb'], ['a backspace', 'nice\b\b\b\bbad'],
      ['a right-to-left override', 'see invoice_\u202Efdp.exe'], ['a left-to-right isolate', 'a \u2066b\u2069 c']] as const) {
      it(`a body with ${name} → BAD_USER_INPUT on body, nothing posted, the refusal audited`, async () => {
        const [event, address] = [await createEvent(t.client), uniqueAddress()];
        const error = onlyError(await post(uniqueUser(), event.id, body, address));
        assert.deepEqual([error.extensions?.code, error.extensions?.field], ['BAD_USER_INPUT', 'body']);
        assert.deepEqual(await thread(event.id), []);
        const [audited] = await auditEvents(t.client, { clientAddress: address });
        assert.deepEqual([audited.flow, audited.outcome, audited.code, detailOf(audited, 'rule')], ['postComment', 'REFUSED', 'BAD_USER_INPUT', 'commentBody']);
      });
    }

    it('right-to-left text, with the marks its writers use (U+200F), is posted as sent', async () => {
      const event = await createEvent(t.client);
      const body = 'שלום \u200Fworld\u200F! مرحبا';
      assert.equal((await post(uniqueUser(), event.id, body)).data?.postComment.body, body);
      assert.deepEqual(await thread(event.id), [body]);
    });

    it('line breaks and tabs are text; markup and template syntax come back byte for byte', async () => {
      const event = await createEvent(t.client);
      const body = 'Line one\n\tindented <script>alert(document.cookie)</script> {{ user.password }} ${process.env} <!-- -->';
      const posted = await post(uniqueUser(), event.id, body);
      assert.equal(posted.data?.postComment.body, body);
      assert.deepEqual(await thread(event.id), [body]);
    });

    it('a decomposed é is stored composed (NFC), and counts as the same text as the composed one', async () => {
      const [event, author] = [await createEvent(t.client), uniqueUser()];
      const posted = await post(author, event.id, 'Cafe\u0301 ce soir ?');
      assert.equal(posted.data?.postComment.body, 'Caf\u00e9 ce soir ?');
      assert.deepEqual(await thread(event.id), ['Caf\u00e9 ce soir ?']);
      assert.equal(onlyError(await post(author, event.id, 'Caf\u00e9 ce soir ?')).extensions?.code, 'DUPLICATE_COMMENT');
    });
  });

  describe('duplicates', () => {
    it('the same text from the same user in the same thread → DUPLICATE_COMMENT; the thread keeps one, the refusal is audited without the body', async () => {
      const [event, author, address] = [await createEvent(t.client), uniqueUser(), uniqueAddress()];
      assert.equal((await post(author, event.id, 'Buy cheap tickets at example.test', address)).errors, undefined);
      assert.equal(onlyError(await post(author, event.id, '  Buy cheap tickets at example.test  ', address)).extensions?.code, 'DUPLICATE_COMMENT');
      assert.deepEqual(await thread(event.id), ['Buy cheap tickets at example.test']);
      const [refused] = await auditEvents(t.client, { clientAddress: address, outcome: 'REFUSED' });
      assert.deepEqual([refused.code, detailOf(refused, 'rule'), detailOf(refused, 'eventId')], ['DUPLICATE_COMMENT', 'duplicateComment', event.id]);
      assert.ok(!JSON.stringify(refused).includes('cheap'), 'no body in the audit trail');
    });

    it('another thread, another user, or after the window is fine', async () => {
      const [event, other, author] = [await createEvent(t.client), await createEvent(t.client), uniqueUser()];
      assert.equal((await post(author, event.id, 'See you there!')).errors, undefined);
      assert.equal((await post(author, other.id, 'See you there!')).errors, undefined);
      assert.equal((await post(uniqueUser(), event.id, 'See you there!')).errors, undefined);
      assert.equal(onlyError(await post(author, event.id, 'See you there!')).extensions?.code, 'DUPLICATE_COMMENT');
      await sleep(3100); // DUPLICATE_COMMENT_WINDOW_SECONDS=3 in this app: sleeping longer always passes it
      assert.equal((await post(author, event.id, 'See you there!')).errors, undefined);
      assert.equal((await thread(event.id)).length, 3);
    });
  });

  describe('thread burst', () => {
    it('when eight users post to one thread at once, COMMENT_THREAD_BURST_LIMIT (5) get in, the rest get RATE_LIMITED with retryAfter', async () => {
      const [event, address] = [await createEvent(t.client), uniqueAddress()];
      const authors = Array.from({ length: 8 }, () => uniqueUser('crowd'));
      await Promise.all(authors.map((author) => t.client.tokenFor(author)));
      const results = await Promise.all(authors.map((author, i) => post(author, event.id, `comment number ${i}`, address)));
      const limited = results.filter((r) => r.errors?.[0]?.extensions?.code === 'RATE_LIMITED');
      assert.equal(results.filter((r) => r.data?.postComment).length, 5);
      assert.equal(limited.length, 3);
      for (const r of limited) assert.ok(Number(onlyError(r).extensions?.retryAfter) > 0);
      assert.equal((await thread(event.id)).length, 5);
      const refusals = await auditEvents(t.client, { clientAddress: address, code: 'RATE_LIMITED' });
      assert.deepEqual(refusals.map((e) => detailOf(e, 'rule')), ['threadBurst', 'threadBurst', 'threadBurst']);
    });

    it('a busy thread does not hold up another one', async () => {
      const [busy, quiet] = [await createEvent(t.client), await createEvent(t.client)];
      for (let i = 0; i < 5; i += 1) await post(uniqueUser(), busy.id, `busy ${i}`);
      assert.equal(onlyError(await post(uniqueUser(), busy.id, 'one more')).extensions?.code, 'RATE_LIMITED');
      assert.equal((await post(uniqueUser(), quiet.id, 'hello')).errors, undefined);
    });
  });
});
