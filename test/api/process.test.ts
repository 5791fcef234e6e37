// The real entry point as an operator runs it: `node dist/src/main.js` with environment variables.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import { access, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

const MAIN = path.resolve(__dirname, '../../src/main.js');

function start(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (chunk) => (text += chunk));
  child.stderr!.on('data', (chunk) => (text += chunk));
  return { child, output: () => text };
}

async function waitForUrl(output: () => string, child: ChildProcess): Promise<string> {
  for (let i = 0; i < 200; i += 1) {
    const match = /ready at (http:\/\/\S+\/graphql)/.exec(output());
    if (match) return match[1];
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`server did not start:\n${output()}`);
}

/** POSTs `body` with node:http (Content-Length, written in one go); resolves with the status and limit, or how the connection failed (a hang is the test's timeout). */
function uploadWithNodeHttp(url: string, body: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const request = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length } });
    request.on('error', (error: NodeJS.ErrnoException) => resolve(`request error ${error.code}`));
    request.on('response', (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk));
      response.on('error', (error: NodeJS.ErrnoException) => resolve(`response error ${error.code}`));
      response.on('end', () => resolve(`${response.statusCode} ${/"limit":"(\w+)"/.exec(text)?.[1]}`));
    });
    request.end(body);
  });
}

describe('the server process', { timeout: 60_000 }, () => {
  it('starts in development on an empty DATA_DIR with demo events, and stops cleanly on SIGTERM', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'flowguard-process-'));
    const { child, output } = start({ NODE_ENV: 'development', DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info' });
    try {
      const url = await waitForUrl(output, child);
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ events(first: 5) { edges { node { id name ticketsAvailable } } } }' }),
      });
      const body = (await response.json()) as { data: { events: { edges: { node: { name: string; ticketsAvailable: number } }[] } } };
      assert.equal(body.data.events.edges.length, 5);
      assert.ok(body.data.events.edges.every((edge) => edge.node.name && edge.node.ticketsAvailable > 0));

      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      assert.equal(code, 0, output());
      assert.match(output(), /SIGTERM received/);
      assert.match(output(), /stopped: requests drained, store and limit stores closed/);
      await assert.rejects(access(path.join(dataDir, 'flowguard.lock')), 'the store was closed (its lock released)');
    } finally {
      child.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('a client still uploading a 2 MB body when refused gets the whole 413 answer, not a reset (the server reads off the rest for a bounded while)', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'flowguard-process-'));
    const { child, output } = start({ NODE_ENV: 'test', DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info' });
    try {
      const url = await waitForUrl(output, child);
      const body = Buffer.from(JSON.stringify({ query: `{ __typename } #${'x'.repeat(2 * 1024 * 1024)}` }));
      const answers: string[] = [];
      for (let i = 0; i < 10; i += 1) answers.push(await uploadWithNodeHttp(url, body));
      assert.deepEqual(new Set(answers), new Set(['413 bodySize']));
    } finally {
      child.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses bad configuration with one line per problem, all at once, and no stack trace', async () => {
    const { child, output } = start({ PORT: 'abc', LOG_LEVEL: 'loud', MAX_BODY_BYTES: '1' });
    const [code] = await once(child, 'exit');
    assert.equal(code, 1);
    const lines = output().trim().split('\n');
    assert.equal(lines[0], 'Invalid configuration:');
    assert.deepEqual(lines.slice(1).map((line) => line.trim().split(' ')[1]), ['PORT', 'LOG_LEVEL', 'MAX_BODY_BYTES']);
    assert.doesNotMatch(output(), /\n\s+at /);
  });
});
