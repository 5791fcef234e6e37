import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { print } from 'graphql';
import { CreateEventDocument, EventDocument, EventsDocument, type CreateEventInput } from '../generated/graphql';
import type { ApiClient } from '../helpers/client';
import { onlyError } from '../helpers/client';
import { createEvent } from '../helpers/fixtures';
import { ADMIN, startTestApp, uniqueUser, type TestApp } from '../helpers/test-app';

// ---- helpers -------------------------------------------------------------------------------

const DAY = 86_400_000;
const inDays = (days: number): string => new Date(Date.UTC(2031, 0, 1) + days * DAY).toISOString();

const validInput = (overrides: Partial<CreateEventInput> = {}): CreateEventInput => ({
  name: 'Spring recital',
  venue: 'Town hall',
  startsAt: inDays(10),
  capacity: 50,
  priceCents: 1500,
  ...overrides,
});

/** Every event, walked page by page through the public connection. */
async function allEvents(client: ApiClient, pageSize = 100) {
  const seen: { id: string; startsAt: string; name: string }[] = [];
  let after: string | null | undefined;
  for (let pages = 0; ; pages += 1) {
    assert.ok(pages < 1000, 'pagination does not end');
    const result = await client.request(EventsDocument, { first: pageSize, after });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    const { edges, pageInfo } = result.data!.events;
    seen.push(...edges.map((edge) => edge.node));
    if (!pageInfo.hasNextPage) return seen;
    after = pageInfo.endCursor;
  }
}

const countEvents = async (client: ApiClient) => (await allEvents(client)).length;

// ---- tests ----------------------------------------------------------------------------------

describe('createEvent', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.stop());

  const create = (input: CreateEventInput, as?: string) => t.client.request(CreateEventDocument, { input }, { as });

  it('an anonymous caller is UNAUTHENTICATED and nothing is created', async () => {
    const before = await countEvents(t.client);
    assert.equal(onlyError(await create(validInput())).extensions?.code, 'UNAUTHENTICATED');
    assert.equal(await countEvents(t.client), before);
  });

  it('a plain user is FORBIDDEN and nothing is created', async () => {
    const before = await countEvents(t.client);
    assert.equal(onlyError(await create(validInput(), uniqueUser())).extensions?.code, 'FORBIDDEN');
    assert.equal(await countEvents(t.client), before);
  });

  it('the bootstrap admin creates an event, readable by id with every ticket available', async () => {
    const input = validInput({ name: '  Autumn gala  ', capacity: 75, priceCents: 4200, maxTicketsPerUser: 3 });
    const result = await create(input, ADMIN.username);
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    const created = result.data!.createEvent;

    const read = (await t.client.request(EventDocument, { id: created.id })).data!.event;
    assert.deepEqual(read, {
      id: created.id,
      name: 'Autumn gala',
      venue: 'Town hall',
      startsAt: input.startsAt,
      capacity: 75,
      ticketsAvailable: 75,
      priceCents: 4200,
      maxTicketsPerUser: 3,
    });
  });

  it('maxTicketsPerUser defaults to the per-order maximum, or the capacity when smaller', async () => {
    assert.equal((await createEvent(t.client, { capacity: 500 })).maxTicketsPerUser, 10);
    assert.equal((await createEvent(t.client, { capacity: 4 })).maxTicketsPerUser, 4);
  });

  describe('bad input → BAD_USER_INPUT on the field, and nothing is created', () => {
    const cases: [string, Partial<CreateEventInput>, string][] = [
      ['capacity 0', { capacity: 0 }, 'capacity'],
      ['capacity over 1,000,000', { capacity: 1_000_001 }, 'capacity'],
      ['a negative price', { priceCents: -1 }, 'priceCents'],
      ['an empty name', { name: '' }, 'name'],
      ['a name of 201 characters', { name: 'n'.repeat(201) }, 'name'],
      ['an empty venue', { venue: '' }, 'venue'],
      ['maxTicketsPerUser greater than capacity', { capacity: 5, maxTicketsPerUser: 6 }, 'maxTicketsPerUser'],
      ['maxTicketsPerUser 0', { maxTicketsPerUser: 0 }, 'maxTicketsPerUser'],
      ['a startsAt that is not a date-time', { startsAt: 'next tuesday' }, 'startsAt'],
    ];
    for (const [name, overrides, field] of cases) {
      it(`${name} → field ${field}`, async () => {
        const before = await countEvents(t.client);
        const error = onlyError(await create(validInput(overrides), ADMIN.username));
        assert.deepEqual([error.extensions?.code, error.extensions?.field], ['BAD_USER_INPUT', field], error.message);
        assert.equal(error.extensions?.stacktrace, undefined);
        assert.equal(await countEvents(t.client), before);
      });
    }

    it('a whitespace-only name → field name (it would be stored empty after trimming)', async () => {
      const before = await countEvents(t.client);
      const result = await create(validInput({ name: '   ' }), ADMIN.username);
      const error = onlyError(result);
      assert.deepEqual([error.extensions?.code, error.extensions?.field], ['BAD_USER_INPUT', 'name']);
      assert.equal(await countEvents(t.client), before);
    });

    it('an id or ticketsAvailable in the input is refused (server-owned fields)', async () => {
      const before = await countEvents(t.client);
      const result = await t.client.post(
        { query: print(CreateEventDocument), variables: { input: { ...validInput(), ticketsAvailable: 1_000_000 } } },
        { as: ADMIN.username },
      );
      assert.equal(result.status, 400);
      assert.equal(onlyError(result).extensions?.code, 'BAD_USER_INPUT');
      assert.equal(await countEvents(t.client), before);
    });
  });
});

describe('event(id)', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.stop());

  it('an unknown UUID → null, no error', async () => {
    const result = await t.client.request(EventDocument, { id: '00000000-0000-4000-8000-000000000000' });
    assert.equal(result.errors, undefined);
    assert.equal(result.data!.event, null);
  });

  for (const id of ['not-a-uuid', "1' OR '1'='1", '{"$ne":null}', '']) {
    it(`a malformed id ${JSON.stringify(id)} → BAD_USER_INPUT on id`, async () => {
      const error = onlyError(await t.client.request(EventDocument, { id }));
      assert.deepEqual([error.extensions?.code, error.extensions?.field], ['BAD_USER_INPUT', 'id']);
    });
  }
});

describe('events pagination', () => {
  let t: TestApp;
  let expected: string[];
  before(async () => {
    t = await startTestApp();
    // Distinct start times created out of order, and three events sharing one start time.
    const days = [5, 1, 9, 3, 3, 3, 7, 2, 3];
    const created = [];
    for (const [i, day] of days.entries()) created.push(await createEvent(t.client, { name: `event ${i}`, startsAt: inDays(day) }));
    expected = created
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((event) => event.id);
  });
  after(() => t.stop());

  it('pages of 2 walk every event exactly once, by startsAt then id', async () => {
    const seen = await allEvents(t.client, 2);
    assert.deepEqual(seen.map((event) => event.id), expected);
    assert.equal(new Set(seen.map((event) => event.id)).size, 9);
  });

  it('pages of 1 (every tie on a page boundary) give the same order', async () => {
    assert.deepEqual((await allEvents(t.client, 1)).map((event) => event.id), expected);
  });

  it('one page of 100 gives the same order and no next page', async () => {
    const page = (await t.client.request(EventsDocument, { first: 100 })).data!.events;
    assert.deepEqual(page.edges.map((edge) => edge.node.id), expected);
    assert.equal(page.pageInfo.hasNextPage, false);
    assert.equal(page.pageInfo.endCursor, page.edges.at(-1)!.cursor);
  });

  it('first: 0 → an empty page', async () => {
    const result = await t.client.request(EventsDocument, { first: 0 });
    assert.equal(result.errors, undefined);
    assert.deepEqual(result.data!.events.edges, []);
    assert.equal(result.data!.events.pageInfo.endCursor, null);
  });

  for (const first of [101, -1]) {
    it(`first: ${first} → BAD_USER_INPUT on first`, async () => {
      const error = onlyError(await t.client.request(EventsDocument, { first }));
      assert.deepEqual([error.extensions?.code, error.extensions?.field], ['BAD_USER_INPUT', 'first']);
    });
  }

  it('a forged after cursor → BAD_USER_INPUT on after', async () => {
    const error = onlyError(await t.client.request(EventsDocument, { first: 2, after: 'not-a-cursor!!' }));
    assert.deepEqual([error.extensions?.code, error.extensions?.field], ['BAD_USER_INPUT', 'after']);
  });
});
