// The Redis-invalidated implementation: each replica keeps its own bounded memory cache (reads never
// leave the process), and an invalidation is applied here at once and published as
// `invalidate <tag>` on one channel, to which every replica subscribes. Threat: replica B serving a
// thread page after replica A stored a comment in it. Redis down fails open for availability —
// reads and posts still work — but never stale: a replica that is not subscribed cannot hear
// invalidations, so it serves nothing from its cache (and clears it) until it has resubscribed.
import Redis from 'ioredis';
import type { Logger } from '../logging/logger';
import { MemoryTaggedCache } from './memory-cache';
import { isValidTag, type CacheBounds, type TaggedCache, type TaggedSet } from './ports';

export interface RedisCacheOptions extends CacheBounds {
  url: string;
  /** Prefix of the channel name (`<prefix>cache:invalidate`), so deployments and tests share nothing. */
  keyPrefix: string;
  logger: Logger;
}

const MESSAGE = /^invalidate (\S+)$/;

export class RedisInvalidatedCache<V> implements TaggedCache<V> {
  readonly kind = 'redis' as const;
  readonly channel: string;
  private readonly local: MemoryTaggedCache<V>;
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private subscribed = false;
  private closed = false;
  /** One warning per outage and connection, not one per request or reconnect attempt. */
  private readonly down = { publisher: false, subscriber: false };

  constructor(private readonly options: RedisCacheOptions) {
    this.local = new MemoryTaggedCache<V>(options);
    this.channel = `${options.keyPrefix}cache:invalidate`;
    // No offline queue: a publish while disconnected fails at once instead of waiting.
    this.publisher = new Redis(options.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.subscriber = new Redis(options.url, { autoResubscribe: false });
    this.publisher.on('error', (error) => this.reportDown('publisher', error));
    this.publisher.on('ready', () => (this.down.publisher = false));
    this.subscriber.on('error', (error) => this.reportDown('subscriber', error));
    this.subscriber.on('ready', () => void this.subscribe());
    this.subscriber.on('close', () => this.lostSubscription());
    this.subscriber.on('message', (channel: string, message: string) => this.onMessage(channel, message));
  }

  get size(): number {
    return this.local.size;
  }

  /** True once the subscription is live; until then the cache serves and stores nothing. */
  get listening(): boolean {
    return this.subscribed;
  }

  mark(): number {
    return this.local.mark();
  }

  get(key: string): V | undefined {
    return this.subscribed ? this.local.get(key) : undefined;
  }

  set(key: string, value: V, options: TaggedSet): boolean {
    return this.subscribed && this.local.set(key, value, options);
  }

  async invalidate(tag: string): Promise<void> {
    this.local.invalidateHere(tag);
    try {
      await this.publisher.publish(this.channel, `invalidate ${tag}`);
    } catch (error) {
      // Other replicas keep their page at most until its TTL (the max-age); ours is already gone.
      this.reportDown('publisher', error);
    }
  }

  /** Pub/sub connections hold nothing worth a graceful QUIT; this also stops reconnecting. */
  async close(): Promise<void> {
    this.closed = true;
    this.subscriber.removeAllListeners('close');
    this.subscribed = false;
    this.local.clear();
    this.subscriber.disconnect();
    this.publisher.disconnect();
  }

  private async subscribe(): Promise<void> {
    try {
      await this.subscriber.subscribe(this.channel);
      if (this.closed) return;
      this.local.clear(); // anything published while we were away is unknown: start empty
      this.subscribed = true;
      if (this.down.subscriber) this.options.logger.info('response cache: Redis subscription restored; caching again');
      this.down.subscriber = false;
    } catch (error) {
      this.reportDown('subscriber', error);
    }
  }

  private lostSubscription(): void {
    if (!this.subscribed) return;
    this.subscribed = false;
    this.local.clear();
    this.reportDown('subscriber', new Error('the invalidation subscription was lost'));
  }

  private onMessage(channel: string, message: string): void {
    const tag = channel === this.channel ? MESSAGE.exec(message)?.[1] : undefined;
    if (tag && isValidTag(tag)) this.local.invalidateHere(tag);
  }

  private reportDown(connection: 'publisher' | 'subscriber', error: unknown): void {
    if (this.down[connection]) return;
    this.down[connection] = true;
    const reason = error instanceof Error ? error.message : String(error);
    const effect = connection === 'subscriber'
      ? 'cached reads are off on this replica until it is subscribed again'
      : 'invalidations cannot reach other replicas (their pages expire within their max-age)';
    this.options.logger.warn(`response cache: Redis unavailable; ${effect}`, { reason });
  }
}
