// What reaches the logs: one access line per GraphQL request with the fields operators need, and
// never a password, a comment body or any variable value. Plus the redaction format at unit level.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Transport from 'winston-transport';
import { createLogger } from '../../src/logging/logger';
import { BuyTicketDocument, CommentsDocument, EventDocument, EventsDocument, MyPurchasesDocument, PostCommentDocument } from '../generated/graphql';
import type { RequestOptions } from '../helpers/client';
import { createEvent } from '../helpers/fixtures';
import { ADMIN, startTestApp, uniqueUser, type TestApp } from '../helpers/test-app';

// ---- helpers -------------------------------------------------------------------------------

const COMMENT_BODY = 'SECRET-COMMENT-BODY-7f3a';
const EVENT_NAME = 'SECRET-EVENT-NAME-VARIABLE-4c1d';
const IDEMPOTENCY_KEY_PREFIX = 'SECRET-IDEMPOTENCY-KEY';
const BAD_QUANTITY = 'SECRET-QUANTITY-VALUE-19be';

class CapturingTransport extends Transport {
  readonly lines: string[] = [];
  override log(info: Record<string | symbol, unknown>, next: () => void): void {
    this.lines.push(String(info[Symbol.for('message')]));
    next();
  }
}

function capturingLogger() {
  const capture = new CapturingTransport();
  return { logger: createLogger({ level: 'debug', json: true, transports: [capture] }), lines: capture.lines };
}

type LogEntry = Record<string, unknown>;

/** Numbered request ids, so every request can be found in the log afterwards. */
function requestIds() {
  let n = 0;
  const sent: { requestId: string; operation: string | null; outcome: 'ok' | 'error'; errorCodes: string[] }[] = [];
  return {
    sent,
    next(operation: string | null, outcome: 'ok' | 'error', errorCodes: string[] = []): RequestOptions['headers'] {
      n += 1;
      const requestId = `logs-test-${String(n).padStart(4, '0')}`;
      sent.push({ requestId, operation, outcome, errorCodes });
      return { 'x-request-id': requestId };
    },
  };
}

// ---- tests ----------------------------------------------------------------------------------

describe('logs of a full run', () => {
  let t: TestApp;
  let entries: LogEntry[];
  const ids = requestIds();

  before(async () => {
    // Arrange + act: a realistic run of several users, purchases, comments and failures.
    t = await startTestApp();
    const buyers = [uniqueUser('alice'), uniqueUser('bob'), uniqueUser('carol')];
    const event = await createEvent(t.client, { name: EVENT_NAME, capacity: 4, maxTicketsPerUser: 2 });
    let keys = 0;
    const key = () => `${IDEMPOTENCY_KEY_PREFIX}-${(keys += 1)}`;
    const as = (user: string, operation: string | null, outcome: 'ok' | 'error', codes: string[] = []): RequestOptions => ({
      as: user,
      headers: ids.next(operation, outcome, codes),
    });

    for (const buyer of buyers.slice(0, 2)) {
      await t.client.request(BuyTicketDocument, { input: { eventId: event.id, quantity: 2, idempotencyKey: key() } }, as(buyer, 'BuyTicket', 'ok'));
    }
    await t.client.request(BuyTicketDocument, { input: { eventId: event.id, quantity: 1, idempotencyKey: key() } }, as(buyers[2], 'BuyTicket', 'error', ['SOLD_OUT']));
    for (const buyer of buyers) {
      await t.client.request(PostCommentDocument, { input: { eventId: event.id, body: `${COMMENT_BODY} from ${buyer}` } }, as(buyer, 'PostComment', 'ok'));
    }
    await t.client.request(PostCommentDocument, { input: { eventId: event.id, body: `${COMMENT_BODY}${'!'.repeat(2001)}` } }, as(buyers[0], 'PostComment', 'error', ['BAD_USER_INPUT']));
    await t.client.request(PostCommentDocument, { input: { eventId: event.id, body: COMMENT_BODY } }, { headers: ids.next('PostComment', 'error', ['UNAUTHENTICATED']) });
    await t.client.post(
      { query: 'mutation Hostile($input: BuyTicketInput!) { buyTicket(input: $input) { id } }', operationName: 'Hostile', variables: { input: { eventId: event.id, quantity: BAD_QUANTITY, idempotencyKey: key() } } },
      as(buyers[0], 'Hostile', 'error', ['BAD_USER_INPUT']),
    );
    await t.client.request(CommentsDocument, { eventId: event.id }, { headers: ids.next('Comments', 'ok') });
    await t.client.request(MyPurchasesDocument, {}, as(buyers[0], 'MyPurchases', 'ok'));
    await t.client.request(EventDocument, { id: event.id }, { headers: ids.next('Event', 'ok') });
    await t.client.request(EventsDocument, { first: 101 }, { headers: ids.next('Events', 'error', ['BAD_USER_INPUT']) });
    await t.client.post({ query: '{ events(first: 1) { edges { cursor } }' }, { headers: ids.next(null, 'error', ['GRAPHQL_PARSE_FAILED']) });
    await t.client.post({ query: '{ events { edges { cursor } } }' }, { headers: { ...ids.next(null, 'error', ['UNAUTHENTICATED']), authorization: 'Bearer forged.token.value' } });

    entries = t.logs.map((line) => JSON.parse(line) as LogEntry);
  });
  after(() => t.stop());

  it('no log line contains the bootstrap admin password', () => {
    assert.ok(t.logs.length > 0);
    for (const line of t.logs) assert.ok(!line.includes(ADMIN.password), line);
  });

  it('no log line contains a comment body', () => {
    for (const line of t.logs) assert.ok(!line.includes(COMMENT_BODY), line);
  });

  it('no log line contains variable values (event name, idempotency keys, hostile input)', () => {
    for (const line of t.logs) {
      for (const secret of [EVENT_NAME, IDEMPOTENCY_KEY_PREFIX, BAD_QUANTITY]) assert.ok(!line.includes(secret), `${secret} in ${line}`);
    }
  });

  it('no log line carries a query document or a variables object', () => {
    for (const entry of entries) {
      assert.equal(entry.variables, undefined, JSON.stringify(entry));
      assert.equal(entry.query, undefined, JSON.stringify(entry));
      assert.ok(!JSON.stringify(entry).includes('mutation '), JSON.stringify(entry));
    }
  });

  it('each GraphQL request produced exactly one access line with operation, outcome, error codes, duration and request id', () => {
    assert.ok(ids.sent.length >= 14);
    for (const request of ids.sent) {
      const lines = entries.filter((entry) => entry.message === 'graphql' && entry.requestId === request.requestId);
      assert.equal(lines.length, 1, `${request.requestId}: ${JSON.stringify(lines)}`);
      const [line] = lines;
      assert.equal(line.operation, request.operation, request.requestId);
      assert.equal(line.outcome, request.outcome, request.requestId);
      assert.deepEqual(line.errorCodes, request.errorCodes, request.requestId);
      assert.equal(typeof line.durationMs, 'number', request.requestId);
      assert.ok((line.durationMs as number) >= 0, request.requestId);
      assert.equal(line.level, 'info', request.requestId);
    }
  });

  it('access lines name the principal by id, never by a header value', () => {
    const access = entries.filter((entry) => entry.message === 'graphql');
    for (const line of access) assert.match(String(line.principal), /^(anonymous|user:[0-9a-f-]{36})$/, JSON.stringify(line));
  });
});

describe('createLogger redaction', () => {
  it('masks password, token, authorization, apiKey and nested secrets passed as metadata', () => {
    const { logger, lines } = capturingLogger();
    logger.info('signing in', {
      username: 'alice',
      password: 'pw-hunter2',
      token: 'tok-abc',
      authorization: 'Bearer xyz',
      apiKey: 'key-123',
      nested: { secret: 's3cr3t', visible: 'kept' },
    });
    assert.equal(lines.length, 1);
    const entry = JSON.parse(lines[0]) as Record<string, unknown>;
    assert.deepEqual(
      { password: entry.password, token: entry.token, authorization: entry.authorization, apiKey: entry.apiKey, nested: entry.nested },
      { password: '[REDACTED]', token: '[REDACTED]', authorization: '[REDACTED]', apiKey: '[REDACTED]', nested: { secret: '[REDACTED]', visible: 'kept' } },
    );
    assert.equal(entry.username, 'alice');
    for (const secret of ['pw-hunter2', 'tok-abc', 'xyz', 'key-123', 's3cr3t']) assert.ok(!lines[0].includes(secret), secret);
  });

  it('masks secrets inside arrays and header-like keys (x-api-key, cookie, refreshToken)', () => {
    const { logger, lines } = capturingLogger();
    logger.info('request', { headers: { 'x-api-key': 'AK-1', cookie: 'sid=CK-2' }, attempts: [{ refreshToken: 'RT-3' }] });
    for (const secret of ['AK-1', 'CK-2', 'RT-3']) assert.ok(!lines[0].includes(secret), lines[0]);
  });

  it('a secret nested deeper than the redaction walks is still not written', () => {
    const { logger, lines } = capturingLogger();
    let deep: Record<string, unknown> = { password: 'DEEP-SECRET-9' };
    for (let i = 0; i < 8; i += 1) deep = { child: deep };
    logger.info('deep', { deep });
    assert.ok(!lines[0].includes('DEEP-SECRET-9'), lines[0]);
  });

  it('an Error passed as metadata is written with its message and stack, and its secret properties masked', () => {
    const { logger, lines } = capturingLogger();
    const error = Object.assign(new Error('store timed out'), { password: 'ERR-PROP-SECRET' });
    logger.error('unexpected error', { requestId: 'r-1', error });
    assert.match(lines[0], /store timed out/);
    assert.match(lines[0], /\\n\s+at /, 'the stack is written');
    assert.ok(!lines[0].includes('ERR-PROP-SECRET'), lines[0]);
  });
});
