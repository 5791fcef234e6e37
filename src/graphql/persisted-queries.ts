// Automatic persisted queries (APQ): a client registers a document once, under its sha256, and then
// sends only the hash. Threat: every registration is server memory an anonymous client chooses, so
// an unbounded cache lets anyone fill it with distinct documents. The cache here is bounded in bytes
// (least recently used entries are evicted) and in time (a TTL), and counts the hash and the text.
//
// A registration is no way around the guards: Apollo checks that the hash is the sha256 of the text,
// then parses (token limit), validates (depth, aliases, directives, root fields) and runs
// didResolveOperation (the cost cap), and stores the document only after all of them passed. A
// hash-only request is then validated and priced like any other. In trusted-documents mode APQ is
// off: registration would let clients add documents to the allow-list.
import type { ApolloServerOptions } from '@apollo/server';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { RequestContext } from '../context/context';

export interface PersistedQueryOptions {
  /** Accept registrations and hash-only requests. Default true (config: APQ_ENABLED). */
  enabled: boolean;
  /** Bytes of hash and text the cache may hold before it evicts. Default 5 MB (APQ_CACHE_MAX_BYTES). */
  maxBytes: number;
  /** Seconds a registered document is kept. Default 3,600 (APQ_TTL_SECONDS). */
  ttlSeconds: number;
}

/** A monotonic millisecond clock; tests pass one to move time without waiting. */
export interface CacheClock {
  now(): number;
}

type ApqSetting = ApolloServerOptions<RequestContext>['persistedQueries'];

/** Apollo's `persistedQueries` option: false when APQ is off, else our bounded cache and TTL. */
export function persistedQueriesOption(options: PersistedQueryOptions, clock?: CacheClock): ApqSetting {
  if (!options.enabled) return false;
  return { cache: boundedDocumentCache(options.maxBytes, clock), ttl: options.ttlSeconds };
}

/** An LRU cache of document texts whose size is their UTF-8 bytes plus the key's. */
export function boundedDocumentCache(maxBytes: number, clock?: CacheClock): InMemoryLRUCache<string> {
  return new InMemoryLRUCache<string>({
    maxSize: maxBytes,
    sizeCalculation: (text: string, key: string) => Buffer.byteLength(text, 'utf8') + Buffer.byteLength(key, 'utf8'),
    ...(clock ? { perf: clock, ttlResolution: 0 } : {}), // read the given clock on every lookup
  });
}
