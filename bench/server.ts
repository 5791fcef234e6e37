// Child-process entry: `node server.js <flowguard|flowguard-uncached|bare-apollo> <dataDir>`. Starts and seeds one server,
// then talks to the parent over IPC (see children.ts): 'ready' with the URL and ids, 'sold', 'memory', 'cpu', 'stop'.
import { seed, ticketsSold, type SeedIds } from './seed';
import { SERVER_NAMES, startTarget, type ServerName, type Target } from './targets';

export type ParentMessage = { type: 'sold' } | { type: 'memory' } | { type: 'cpu' } | { type: 'stop' };
export type ChildMessage = ({ type: 'ready'; url: string } & SeedIds) | { type: 'sold'; sold: number } | { type: 'memory'; rss: number; heapUsed: number } | { type: 'cpu'; micros: number };

function send(message: ChildMessage): void {
  process.send?.(message);
}

async function handle(message: ParentMessage, target: Target, ids: SeedIds): Promise<void> {
  if (message.type === 'sold') send({ type: 'sold', sold: await ticketsSold(target.services, ids) });
  if (message.type === 'memory') {
    const { rss, heapUsed } = process.memoryUsage();
    send({ type: 'memory', rss, heapUsed });
  }
  if (message.type === 'cpu') {
    const { user, system } = process.cpuUsage();
    send({ type: 'cpu', micros: user + system });
  }
  if (message.type === 'stop') {
    await target.stop();
    process.exit(0); // also flushes a --cpu-prof profile
  }
}

async function main(): Promise<void> {
  const [name, dataDir] = process.argv.slice(2);
  if (!SERVER_NAMES.includes(name as ServerName) || !dataDir) throw new Error('usage: server.js <flowguard|flowguard-uncached|bare-apollo> <dataDir>');
  const target = await startTarget(name as ServerName, dataDir);
  const ids = await seed(target.store, target.services);
  process.on('disconnect', () => process.exit(1)); // the parent is gone: nobody will stop us
  process.on('message', (message: ParentMessage) => {
    handle(message, target, ids).catch((error: unknown) => { console.error(error); process.exit(1); });
  });
  send({ type: 'ready', url: target.url, ...ids });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
