import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CommentsDocument, PostCommentDocument } from '../generated/graphql';
import { onlyError } from '../helpers/client';
import { createEvent } from '../helpers/fixtures';
import { startTestApp, uniqueUser, type TestApp } from '../helpers/test-app';

describe('comments over HTTP', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.stop());

  const post = (as: string | undefined, eventId: string, body: string) => t.client.request(PostCommentDocument, { input: { eventId, body } }, { as });
  const thread = async (eventId: string) => (await t.client.request(CommentsDocument, { eventId, first: 100 })).data!.comments.edges.map((edge) => edge.node);

  it('a posted comment appears at the top of the next read, with its author', async () => {
    const event = await createEvent(t.client);
    const author = uniqueUser('author');
    await post(author, event.id, 'first!');
    const posted = await post(author, event.id, '  Great show, see you there  ');
    assert.equal(posted.data!.postComment.body, 'Great show, see you there');
    const comments = await thread(event.id);
    assert.deepEqual(comments.map((c) => c.body), ['Great show, see you there', 'first!']);
    assert.equal(comments[0].author.username, author);
  });

  it('bodies are stored and returned as text, never interpreted', async () => {
    const event = await createEvent(t.client);
    const body = '<script>alert("x")</script> & {{7*7}} ${1+1} \u00e9\u{1F3AB}';
    await post(uniqueUser(), event.id, body);
    assert.equal((await thread(event.id))[0].body, body);
  });

  it('pages through a thread newest first, every comment exactly once', async () => {
    const event = await createEvent(t.client);
    const author = uniqueUser();
    for (let i = 0; i < 7; i += 1) await post(author, event.id, `comment ${i}`);
    const seen: string[] = [];
    let after: string | null | undefined;
    do {
      const page = (await t.client.request(CommentsDocument, { eventId: event.id, first: 3, after })).data!.comments;
      seen.push(...page.edges.map((edge) => edge.node.body));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    assert.deepEqual(seen, ['comment 6', 'comment 5', 'comment 4', 'comment 3', 'comment 2', 'comment 1', 'comment 0']);
  });

  it('an anonymous caller cannot post (UNAUTHENTICATED) and the thread is unchanged', async () => {
    const event = await createEvent(t.client);
    assert.equal(onlyError(await post(undefined, event.id, 'hello')).extensions?.code, 'UNAUTHENTICATED');
    assert.deepEqual(await thread(event.id), []);
  });

  describe('bad input gets its code and stores nothing', () => {
    for (const [name, body] of [['an empty body', ''], ['a whitespace-only body', ' \n\t '], ['a body of 2,001 characters', 'x'.repeat(2001)]] as const) {
      it(`${name} → BAD_USER_INPUT on body`, async () => {
        const event = await createEvent(t.client);
        const error = onlyError(await post(uniqueUser(), event.id, body));
        assert.deepEqual([error.extensions?.code, error.extensions?.field], ['BAD_USER_INPUT', 'body']);
        assert.deepEqual(await thread(event.id), []);
      });
    }

    it('a 1 MB body → HTTP 413 DOCUMENT_LIMIT_EXCEEDED before anything runs', async () => {
      const event = await createEvent(t.client);
      const result = await post(uniqueUser(), event.id, 'x'.repeat(1024 * 1024));
      assert.equal(result.status, 413);
      assert.deepEqual([onlyError(result).extensions?.code, onlyError(result).extensions?.limit], ['DOCUMENT_LIMIT_EXCEEDED', 'bodySize']);
      assert.deepEqual(await thread(event.id), []);
    });

    it('a comment on an unknown event → NOT_FOUND; reading its thread → NOT_FOUND', async () => {
      const unknown = '00000000-0000-4000-8000-000000000000';
      assert.equal(onlyError(await post(uniqueUser(), unknown, 'hello')).extensions?.code, 'NOT_FOUND');
      assert.equal(onlyError(await t.client.request(CommentsDocument, { eventId: unknown })).extensions?.code, 'NOT_FOUND');
    });

    it('a malformed event id → BAD_USER_INPUT on eventId', async () => {
      const error = onlyError(await t.client.request(CommentsDocument, { eventId: '../../etc/passwd' }));
      assert.deepEqual([error.extensions?.code, error.extensions?.field], ['BAD_USER_INPUT', 'eventId']);
    });
  });
});
