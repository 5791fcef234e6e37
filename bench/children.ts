// Parent side of server.ts: forks one server per process (so the load generator never shares its
// event loop), waits for its URL, and always stops it and removes its data directory.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ChildMessage, ParentMessage } from './server';
import type { SeedIds } from './seed';
import type { ServerName } from './targets';

const STOP_TIMEOUT_MS = 20_000;

export type ServerInfo = { url: string } & SeedIds;

export class ServerChild {
  private constructor(
    readonly name: ServerName,
    private readonly child: ChildProcess,
    private readonly dataDir: string,
    private readonly exited: Promise<void>,
  ) {}

  /** `BENCH_CPU_PROF=<name>[,<name>…]` writes a V8 CPU profile of each named server to `profileDir`. */
  static async start(name: ServerName, profileDir: string): Promise<ServerChild> {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), `flowguard-bench-${name}-`));
    const execArgv = (process.env.BENCH_CPU_PROF ?? '').split(',').includes(name) ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
    // Both servers run with NODE_ENV=production, which libraries (graphql-js, Apollo) read themselves.
    const child = fork(path.join(__dirname, 'server.js'), [name, dataDir], { env: { ...process.env, NODE_ENV: 'production' }, execArgv });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    return new ServerChild(name, child, dataDir, exited);
  }

  ready(): Promise<ServerInfo> {
    return this.reply('ready').then(({ type: _type, ...info }) => info as ServerInfo);
  }

  async ticketsSold(): Promise<number> {
    this.send({ type: 'sold' });
    return ((await this.reply('sold')) as { sold: number }).sold;
  }

  /** The server process's resident set and heap in bytes. */
  async memory(): Promise<{ rss: number; heapUsed: number }> {
    this.send({ type: 'memory' });
    const { rss, heapUsed } = (await this.reply('memory')) as { rss: number; heapUsed: number };
    return { rss, heapUsed };
  }

  /** CPU time (user + system) the server process has used so far, in microseconds. */
  async cpuMicros(): Promise<number> {
    this.send({ type: 'cpu' });
    return ((await this.reply('cpu')) as { micros: number }).micros;
  }

  /** Graceful stop, then a kill if it hangs; the data directory goes either way. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.send({ type: 'stop' });
      const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await this.exited;
      clearTimeout(timer);
    }
    await rm(this.dataDir, { recursive: true, force: true });
  }

  private send(message: ParentMessage): void {
    if (this.child.connected) this.child.send(message);
  }

  private reply(type: ChildMessage['type']): Promise<ChildMessage> {
    return new Promise((resolve, reject) => {
      const onMessage = (message: ChildMessage) => {
        if (message.type !== type) return;
        this.child.off('message', onMessage);
        resolve(message);
      };
      this.child.on('message', onMessage);
      this.exited.then(() => reject(new Error(`${this.name} server exited before answering '${type}'`)));
    });
  }
}
