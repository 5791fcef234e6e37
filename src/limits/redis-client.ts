// The Redis connection behind the shared limits. Threat: a Redis outage must neither crash the
// process (an unhandled 'error' event would) nor stall requests in a queue while it lasts, and a
// connection URL may carry a password that must never reach a log. So: no offline queue and one
// retry per command (calls fail fast, callers decide fail open or closed), a capped reconnect
// backoff (it recovers by itself), and one log line per state change, naming only host and port.
import { Redis } from 'ioredis';
import type { Logger } from '../logging/logger';

/** Reconnect delays: 100 ms, 200 ms, 400 ms … never more than 2 s apart. */
export const reconnectDelayMs = (attempt: number): number => Math.min(100 * 2 ** Math.max(0, attempt - 1), 2000);

export function createRedisClient(url: string, logger: Logger): Redis {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: reconnectDelayMs,
    connectTimeout: 5000,
    commandTimeout: 2000,
  });
  watchState(client, logger.child({ redis: redisTarget(url) }));
  return client;
}

/** Clients being closed on purpose: their 'close' is not an outage. */
const closing = new WeakSet<Redis>();

/** Logs "redis unavailable" once when it goes away and "redis ready" once when it is back. */
function watchState(client: Redis, logger: Logger): void {
  let state: 'starting' | 'ready' | 'unavailable' = 'starting';
  const unavailable = (reason: string) => {
    if (state === 'unavailable' || closing.has(client)) return;
    state = 'unavailable';
    logger.warn('redis unavailable', { reason });
  };
  client.on('ready', () => {
    if (state !== 'ready') logger.info('redis ready');
    state = 'ready';
  });
  // Listening to 'error' is what keeps a refused or dropped connection from crashing the process.
  client.on('error', (error: Error) => unavailable(error.message));
  client.on('close', () => unavailable('connection closed'));
}

/** Resolves once the client is ready, has failed once, or `timeoutMs` passed: start-up never blocks on Redis. */
export function settled(client: Redis, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      client.off('ready', done).off('error', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    client.once('ready', done).once('error', done);
  });
}

/** Closes the connection: QUIT when connected (pending replies arrive first), else just stop reconnecting. */
export async function closeRedisClient(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  closing.add(client);
  if (client.status === 'ready') {
    await client.quit().catch(() => client.disconnect());
  } else {
    client.disconnect();
  }
}

/** `host:port` of a redis:// or rediss:// URL, for logs: never the user name or password. */
export function redisTarget(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.hostname}:${parsed.port || '6379'}`;
  } catch {
    return 'redis (unparsable URL)';
  }
}
