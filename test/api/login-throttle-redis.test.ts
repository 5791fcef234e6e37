// Login throttling across replicas: two server PROCESSES, each with its own embedded store, share
// one Redis (and one key prefix). A guesser spreading attempts over both gets no more than one
// replica alone would allow.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { LoginDocument } from '../generated/graphql';
import { ApiClient, onlyError } from '../helpers/client';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis';
import { SERVE_APP } from '../helpers/serve-app';
import { ADMIN } from '../helpers/test-app';

interface Replica {
  child: ChildProcess;
  client: ApiClient;
  dataDir: string;
}

async function startReplica(env: Record<string, string>): Promise<Replica> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'flowguard-replica-'));
  const child = spawn(process.execPath, [SERVE_APP, '--serve'], { env: { PATH: process.env.PATH ?? '', ...env, DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  for (let i = 0; i < 200 && child.exitCode === null; i += 1) {
    const url = /listening at (http:\/\/\S+)/.exec(output)?.[1];
    if (url) return { child, client: new ApiClient(url), dataDir };
    await sleep(50);
  }
  child.kill('SIGKILL');
  throw new Error(`replica did not start:\n${output}`);
}

async function stopReplica({ child, dataDir }: Replica): Promise<void> {
  if (child.exitCode === null) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  await rm(dataDir, { recursive: true, force: true });
}

describe('login throttling shared through Redis by two server processes', () => {
  const prefix = uniquePrefix();
  const replicas: Replica[] = [];
  before(async () => {
    const env = {
      NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'warn', BCRYPT_COST: '4',
      REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix,
      BOOTSTRAP_ADMIN_USERNAME: ADMIN.username, BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
      LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS: '5', LOGIN_FAILURES_PER_ADDRESS: '1000',
    };
    replicas.push(...(await Promise.all([startReplica(env), startReplica(env)])));
  });
  after(async () => {
    await Promise.all(replicas.map(stopReplica));
    await deleteKeys(prefix);
  });

  it('when 40 wrong passwords for one account arrive in parallel, 20 at each replica, then only 5 reach the password check', async () => {
    const input = { username: ADMIN.username, password: 'not-the-admin-password-1' };
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => replicas[i % 2].client.request(LoginDocument, { input })));
    const errors = results.map(onlyError);
    assert.equal(errors.filter((e) => e.extensions?.code === 'UNAUTHENTICATED').length, 5, 'one replica alone allows 5; two must not allow 10');
    const limited = errors.filter((e) => e.extensions?.code === 'RATE_LIMITED');
    assert.equal(limited.length, 35);
    for (const error of limited) assert.ok(Number(error.extensions?.retryAfter) >= 1, `retryAfter ${error.extensions?.retryAfter}`);
  });
});
