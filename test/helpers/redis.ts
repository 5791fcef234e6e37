// Redis for tests: the URL (TEST_REDIS_URL, else the local server CI provides), a unique key prefix
// per test (other suites share the same Redis; never FLUSHALL), and removal of one prefix's keys.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const uniquePrefix = (): string => `test:${randomUUID()}:`;

/** host and port of TEST_REDIS_URL (for a proxy in front of it). */
export function testRedisTarget(): { host: string; port: number } {
  const url = new URL(TEST_REDIS_URL);
  return { host: url.hostname, port: Number(url.port || 6379) };
}

/** A plain client to inspect keys; the caller quits it. */
export const inspector = (): Redis => new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });

/** Deletes every key under `prefix` (SCAN, never KEYS or FLUSH). */
export async function deleteKeys(prefix: string): Promise<void> {
  const redis = inspector();
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 500 })) {
      if ((keys as string[]).length > 0) await redis.del(...(keys as string[]));
    }
  } finally {
    await redis.quit();
  }
}
