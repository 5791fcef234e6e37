// The static cache policy against Apollo's own cacheControl plugin, on the real app schema with real
// data: for every document, the policy computed from the document alone, the policy our plugin leaves
// on the request and its Cache-Control header are those Apollo's per-field plugin produces.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { getOperationAST, parse, type GraphQLSchema } from 'graphql';
import { after, before, describe, it } from 'node:test';
import { ReadNotes } from '../../src/cache/read-notes';
import { RequestLoaders } from '../../src/context/loaders';
import type { RequestContext } from '../../src/context/context';
import { principalFrom } from '../../src/context/credentials';
import { anonymous, type Principal } from '../../src/context/principal';
import { operationCachePolicy } from '../../src/graphql/cache-policy';
import { buildAppSchema } from '../../src/graphql/schema';
import { FieldRateLimiter } from '../../src/guards/rate-limit';
import { MemoryCounterStore } from '../../src/limits/memory-counters';
import { BuyTicketDocument, PostCommentDocument } from '../generated/graphql';
import { policyOf, startPolicyServers, type PolicyServers } from '../helpers/cache-policy-servers';
import { createEvent, newKey } from '../helpers/fixtures';
import { startTestApp, uniqueUser, type TestApp } from '../helpers/test-app';

const COMMENTS_MAX_AGE = 5;
const PAGE = 'edges { cursor node { id eventId body createdAt author { id username } } } pageInfo { hasNextPage endCursor }';
const THREAD = `comments(eventId: $e, first: 20) { ${PAGE} }`;

interface Case { name: string; query: string; variables?: Record<string, unknown>; signedIn?: boolean; header: string }

const CASES: Case[] = [
  { name: 'a comments page with every nested field', query: `query($e: ID!) { ${THREAD} }`, header: 'max-age=5, public' },
  { name: 'a comments page with only its page info', query: 'query($e: ID!) { comments(eventId: $e) { pageInfo { hasNextPage } } }', header: 'max-age=5, public' },
  { name: 'an empty comments page', query: 'query($e: ID!) { comments(eventId: $e, first: 0) { edges { node { author { username } } } } }', header: 'max-age=5, public' },
  { name: 'events', query: 'query { events(first: 5) { edges { cursor node { id name ticketsAvailable } } pageInfo { hasNextPage } } }', header: 'no-store' },
  { name: 'one event', query: 'query($e: ID!) { event(id: $e) { id name } }', header: 'no-store' },
  { name: 'me, anonymous', query: 'query { me { id username } }', header: 'no-store' },
  { name: 'me, signed in', query: 'query { me { id username roles } }', signedIn: true, header: 'no-store' },
  { name: 'myPurchases, signed in', query: 'query { myPurchases { edges { node { id quantity event { id name } } } pageInfo { hasNextPage } } }', signedIn: true, header: 'no-store' },
  { name: 'the public thread beside me (a private root)', query: `query($e: ID!) { ${THREAD} me { id } }`, signedIn: true, header: 'no-store' },
  { name: 'the public thread beside events', query: `query($e: ID!) { ${THREAD} events { edges { node { id } } } }`, header: 'no-store' },
  {
    name: 'named fragments',
    query: 'query($e: ID!) { ...Thread } fragment Thread on Query { comments(eventId: $e) { ...Page } } fragment Page on CommentConnection { edges { node { ...C } } } fragment C on Comment { id author { username } }',
    header: 'max-age=5, public',
  },
  { name: 'inline fragments', query: 'query($e: ID!) { ... on Query { comments(eventId: $e) { ... on CommentConnection { edges { node { id } } } } } }', header: 'max-age=5, public' },
  { name: 'me skipped', query: `query($e: ID!, $s: Boolean!) { ${THREAD} me @skip(if: $s) { id } }`, variables: { s: true }, header: 'max-age=5, public' },
  { name: 'me not skipped', query: `query($e: ID!, $s: Boolean!) { ${THREAD} me @skip(if: $s) { id } }`, variables: { s: false }, header: 'no-store' },
  { name: 'me left out by an @include default', query: `query($e: ID!, $i: Boolean = false) { ${THREAD} me @include(if: $i) { id } }`, header: 'max-age=5, public' },
  { name: '__typename alone', query: 'query { __typename }', header: 'no-store' },
  { name: '__typename at every level of a thread', query: 'query($e: ID!) { __typename comments(eventId: $e) { __typename edges { __typename node { __typename id } } } }', header: 'max-age=5, public' },
  { name: 'introspection alone', query: 'query { __schema { queryType { name } } __type(name: "Comment") { name } }', header: 'no-store' },
  { name: 'introspection beside a thread', query: `query($e: ID!) { __type(name: "Comment") { name fields { name } } ${THREAD} }`, header: 'max-age=5, public' },
  { name: 'a comment posted', query: 'mutation($e: ID!, $b: String!) { postComment(input: { eventId: $e, body: $b }) { id author { username } } }', signedIn: true, header: 'no-store' },
];

describe('the static cache policy against Apollo\'s cacheControl plugin, on the app schema', () => {
  let t: TestApp;
  let schema: GraphQLSchema;
  let servers: PolicyServers<RequestContext>;
  let eventId: string;
  let buyer: Principal;
  const fieldMaxAges = { 'Query.comments': COMMENTS_MAX_AGE };

  before(async () => {
    t = await startTestApp();
    eventId = (await createEvent(t.client)).id;
    const user = uniqueUser('reader');
    for (const body of ['first', 'second']) await t.client.request(PostCommentDocument, { input: { eventId, body } }, { as: user });
    await t.client.request(BuyTicketDocument, { input: { eventId, quantity: 1, idempotencyKey: newKey() } }, { as: user });
    buyer = await principalFrom({ authorization: `Bearer ${await t.client.tokenFor(user)}` }, t.app.services);
    schema = await buildAppSchema();
    servers = await startPolicyServers({ schema, fieldMaxAges, context: () => contextFor(anonymous) });
  });
  after(async () => {
    await servers?.stop();
    await t?.stop();
  });

  const contextFor = (principal: Principal): RequestContext => ({
    requestId: randomUUID(), clientAddress: '127.0.0.1', principal, logger: t.app.logger, services: t.app.services,
    maxPageSize: t.app.config.flows.maxPageSize, rateLimiter: new FieldRateLimiter(new MemoryCounterStore(), t.app.logger), cache: new ReadNotes(),
    loaders: new RequestLoaders(t.app.services),
  });

  for (const { name, query, variables = {}, signedIn, header } of CASES) {
    it(`when the document is ${name}, then the policy and the header are Apollo's (${header})`, async () => {
      const vars = { e: eventId, ...variables };
      // `b`: a fresh comment body for the mutation (a repeated one is refused as a duplicate); unused elsewhere.
      const run = (server: 'apollo' | 'ours') => servers[server](query, { ...vars, b: `comment ${randomUUID()}` }, contextFor(signedIn ? buyer : anonymous));
      const apollo = await run('apollo');
      const ours = await run('ours');
      assert.equal(apollo.errors, undefined, JSON.stringify(apollo.errors));
      assert.equal(apollo.header, header);
      assert.equal(ours.header, apollo.header);
      assert.deepEqual(ours.policy, apollo.policy);
      const document = parse(query);
      const operation = getOperationAST(document)!;
      assert.deepEqual(policyOf(operationCachePolicy({ schema, document, operation, variables: vars }, { fieldMaxAges })), apollo.policy);
    });
  }

  it('when a comments read has an error, then both send no-store', async () => {
    const query = 'query($e: ID!) { comments(eventId: $e, first: -1) { edges { cursor } } }';
    const [apollo, ours] = [await servers.apollo(query, { e: eventId }), await servers.ours(query, { e: eventId })];
    assert.ok(apollo.errors && ours.errors);
    assert.deepEqual([apollo.header, ours.header], ['no-store', 'no-store']);
  });
});
