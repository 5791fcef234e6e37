// Cache invalidation across replicas through Redis pub/sub (a real Redis: TEST_REDIS_URL, else
// 127.0.0.1:6379; a unique channel prefix per test): a post on one replica reaches the reads of
// another as soon as its invalidation message arrives (pub/sub is asynchronous: a read sent the
// instant the post answers can race the message, so the tests wait a bound far below the pages'
// 5 s max-age, which tells invalidation apart from expiry), a replica that lost its subscription
// serves nothing stale, and a Redis that cannot be reached breaks no read (posts, being mutations,
// fail closed).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { openStore } from '../../src/repositories/open-store';
import { CommentsDocument, PostCommentDocument } from '../generated/graphql';
import { ApiClient } from '../helpers/client';
import { createEvent } from '../helpers/fixtures';
import { TEST_REDIS_URL, testRedisTarget, uniquePrefix } from '../helpers/redis';
import { TcpProxy } from '../helpers/tcp-proxy';
import { startTestApp, uniqueUser } from '../helpers/test-app';

const REDIS_URL = TEST_REDIS_URL;
const REPLICA_MAIN = path.resolve(__dirname, '../helpers/replica-main.js');

const read = (client: ApiClient, eventId: string) => client.request(CommentsDocument, { eventId, first: 20 });
const bodies = (result: Awaited<ReturnType<typeof read>>) => result.data!.comments.edges.map((edge) => edge.node.body);
const post = (client: ApiClient, eventId: string, body: string, as = uniqueUser('author')) => client.request(PostCommentDocument, { input: { eventId, body } }, { as });

/**
 * Reads until the thread holds exactly `expected`: the other replica's invalidation message is on
 * its way. Within 1 s (the pages live 5 s), so only the invalidation can make this pass.
 */
async function untilBodies(client: ApiClient, eventId: string, expected: string[]): Promise<void> {
  const deadline = Date.now() + 1_000;
  let seen: string[] = [];
  while (Date.now() < deadline) {
    seen = bodies(await read(client, eventId));
    if (JSON.stringify(seen) === JSON.stringify(expected)) return;
    await sleep(10);
  }
  assert.deepEqual(seen, expected, 'the invalidation did not reach the other replica within 1 s');
}

/** Reads until the replica answers from its cache (it caches only once subscribed). */
async function untilCached(client: ApiClient, eventId: string): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    if ((await read(client, eventId)).headers.get('x-cache') === 'HIT') return;
    await sleep(50);
  }
  throw new Error('the replica never served the thread from its cache');
}

function startReplica(env: Record<string, string>): { child: ChildProcess; url: Promise<string>; output: () => string } {
  const child = spawn(process.execPath, [REPLICA_MAIN], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const url = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      text += chunk;
      const match = /ready at (http:\/\/\S+\/graphql)/.exec(text);
      if (match) resolve(match[1]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', () => reject(new Error(`replica exited:\n${text}`)));
  });
  return { child, url, output: () => text };
}

async function stopReplica(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

describe('cache invalidation across replicas (Redis)', () => {
  it('with two server processes sharing Redis, a comment posted on either is in the next read on the other', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'flowguard-replicas-'));
    const eventId = randomUUID();
    const shared = {
      NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'warn', BCRYPT_COST: '4', REDIS_URL, REDIS_KEY_PREFIX: uniquePrefix(),
      SHARED_EVENT_ID: eventId, SHARED_COMMENTS_FILE: path.join(dir, 'comments.jsonl'),
    };
    const replicas = [startReplica({ ...shared, DATA_DIR: path.join(dir, 'a') }), startReplica({ ...shared, DATA_DIR: path.join(dir, 'b') })];
    try {
      const [a, b] = (await Promise.all(replicas.map((replica) => replica.url))).map((url) => new ApiClient(url));
      await untilCached(b, eventId);
      assert.equal((await post(a, eventId, 'posted on A')).errors, undefined);
      await untilBodies(b, eventId, ['posted on A']);

      await untilCached(a, eventId);
      assert.equal((await post(b, eventId, 'posted on B')).errors, undefined);
      await untilBodies(a, eventId, ['posted on B', 'posted on A']);
    } finally {
      await Promise.all(replicas.map((replica) => stopReplica(replica.child)));
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a replica that lost its subscription serves nothing stale, and caches again once resubscribed', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'flowguard-shared-'));
    const store = await openStore({ kind: 'embedded', dataDir }); // one store, as MongoDB would be shared
    const proxy = await new TcpProxy(testRedisTarget()).start();
    const prefix = uniquePrefix();
    const a = await startTestApp({ dataDir, env: { REDIS_URL, REDIS_KEY_PREFIX: prefix }, overrides: { store } });
    const b = await startTestApp({ dataDir, env: { REDIS_URL: `redis://127.0.0.1:${proxy.port}`, REDIS_KEY_PREFIX: prefix }, overrides: { store } });
    try {
      const event = await createEvent(a.client);
      await untilCached(b.client, event.id);

      await proxy.cut();
      // B learns of the cut when its socket closes (an event, not instantly): wait for that, then post.
      for (let i = 0; i < 100 && !b.logs.some((line) => line.includes('cached reads are off on this replica')); i += 1) await sleep(20);
      // Not subscribed, B answers from the store: the very next read is fresh, no waiting.
      await post(a.client, event.id, 'posted while B was cut off');
      assert.deepEqual(bodies(await read(b.client, event.id)), ['posted while B was cut off']);
      assert.notEqual((await read(b.client, event.id)).headers.get('x-cache'), 'HIT');
      assert.ok(b.logs.some((line) => line.includes('cached reads are off on this replica')), 'the outage is logged');

      await proxy.restore();
      await untilCached(b.client, event.id);
      await post(a.client, event.id, 'posted after B came back');
      await untilBodies(b.client, event.id, ['posted after B came back', 'posted while B was cut off']);
    } finally {
      await b.stop();
      await a.stop();
      await proxy.cut();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('when Redis cannot be reached, reads still work, uncached; posts fail closed; the outage is logged once per connection', async () => {
    const port = await closedPort();
    const t = await startTestApp({ env: { REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_KEY_PREFIX: uniquePrefix() } });
    try {
      // Arranged through the services: sign-in and posting are mutations, refused while the limits store is down.
      const event = await t.app.services.events.create({ name: 'Outage', venue: 'Hall', startsAt: new Date(Date.now() + 86_400_000), capacity: 10, priceCents: 100 });
      for (let i = 0; i < 3; i += 1) {
        const result = await read(t.client, event.id);
        assert.deepEqual([result.status, result.errors, bodies(result)], [200, undefined, []]);
        assert.equal(result.headers.get('x-cache'), 'MISS');
      }
      const refused = await t.client.post({ query: 'mutation { login(input: { username: "nobody", password: "x" }) { __typename } }' });
      assert.deepEqual([refused.status, refused.errors?.[0]?.extensions?.code], [503, 'SERVICE_UNAVAILABLE']);
      const warnings = t.logs.filter((line) => line.includes('response cache: Redis unavailable'));
      assert.ok(warnings.length >= 1 && warnings.length <= 2, `expected one warning per connection, got ${warnings.length}`);
    } finally {
      await t.stop();
    }
  });
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
