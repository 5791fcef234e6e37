// Composition root: wires config → logger → store and limit stores → services → schema → Apollo → HTTP.
// Nothing runs at import time; tests build the real app in-process with any store or logger.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { openTaggedCache, threadTag, type TaggedCache } from './cache';
import type { Config } from './config';
import { buildContext } from './context/build-context';
import { buildAppSchema } from './graphql/schema';
import { createApolloServer } from './graphql/apollo';
import { clientAddressResolver } from './http/client-address';
import { LingeringConnections } from './http/linger';
import { limitGuards } from './guards';
import { FieldRateLimiter } from './guards/rate-limit';
import { openLimitStores } from './limits/open-limit-stores';
import type { LimitStores } from './limits/ports';
import { ResponseCache, type CachedResponse } from './http/response-cache';
import { createRequestHandler, GRAPHQL_PATH, type HandlerDeps } from './http/server';
import { createLogger, type Logger } from './logging/logger';
import { openStore } from './repositories/open-store';
import type { Store } from './repositories/ports';
import { createServices, type Services } from './services';
import type { Clock } from './services/clock';
import { seedDemoEvents } from './services/demo-data';

export interface AppOverrides {
  store?: Store;
  /** Counters and budgets; by default opened from `config.limits` (memory, or Redis when REDIS_URL is set). */
  limits?: LimitStores;
  /** Benchmarks only: the "limits off" baseline (no document limits, cost, budgets or rate limits). */
  withoutLimits?: boolean;
  logger?: Logger;
  clock?: Clock;
  /** Admission of response-cache hits (cost budgets); by default every hit is admitted. */
  admitCachedRead?: HandlerDeps['admitCachedRead'];
}

export interface App {
  readonly config: Config;
  readonly logger: Logger;
  readonly store: Store;
  readonly services: Services;
  /** The server-side response cache (undefined when CACHE_ENABLED=false). */
  readonly responseCache?: TaggedCache<CachedResponse>;
  readonly httpServer: http.Server;
  /** Starts listening; resolves with the GraphQL endpoint URL. */
  listen(port?: number, host?: string): Promise<string>;
  /** Graceful stop: refuse new requests (503), drain in-flight ones, close the store, then the limit stores. */
  stop(): Promise<void>;
}

export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const logger = overrides.logger ?? createLogger({ level: config.logLevel, json: config.isProduction });
  for (const warning of config.warnings) logger.warn(warning);
  const store = overrides.store ?? (await openStore(config.store, logger));
  const limits = overrides.limits ?? (await openLimitStores(config.limits, logger));
  const cache = config.cache.enabled ? openTaggedCache<CachedResponse>({ ...config.cache, redis: redisOf(config) }, logger) : undefined;
  const services = createServices(store, limits, config, logger, overrides.clock, {
    commentPosted: async (comment) => cache?.invalidate(threadTag(comment.eventId)),
  });
  await prepareData(config, store, services, logger);

  const rateLimiter = new FieldRateLimiter(limits.counters, logger);
  const httpServer = http.createServer(receiveTimeouts(config.http.requestTimeoutMs));
  const limitsOn = !overrides.withoutLimits;
  const guards = limitGuards(config, limits, services.limitRefusals, logger, limitsOn);
  const schema = await buildAppSchema({ rateLimitOverrides: config.rateLimits.overrides, enforceRateLimits: limitsOn });
  const apollo = createApolloServer(schema, httpServer, config, logger, guards);
  await apollo.start();
  let closing = false;
  const lingering = new LingeringConnections();
  // `Expect: 100-continue`: invite the upload only when it may be accepted; a body declared over the
  // limit is refused from its Content-Length without ever being sent.
  httpServer.on('checkContinue', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!(Number(req.headers['content-length']) > config.http.maxBodyBytes)) res.writeContinue();
    httpServer.emit('request', req, res);
  });
  httpServer.on('request', createRequestHandler({
    apollo,
    production: config.isProduction,
    corsOrigins: config.http.corsOrigins,
    maxBodyBytes: config.http.maxBodyBytes,
    lingering,
    trustedDocuments: config.trustedDocuments,
    clientAddressOf: clientAddressResolver(config.http.trustProxy),
    contextFor: (req, request) => buildContext(req, request, { services, logger, maxPageSize: config.flows.maxPageSize, rateLimiter }),
    isReady: () => store.ping().then(() => true, () => false),
    isClosing: () => closing,
    logger,
    responseCache: cache && new ResponseCache(cache),
    admitCachedRead: overrides.admitCachedRead ?? guards.admitCachedRead,
  }));

  return {
    config, logger, store, services, httpServer, responseCache: cache,
    listen: (port = config.port, host = config.host) => listen(httpServer, port, host),
    async stop() {
      closing = true;
      lingering.closeAll();
      await apollo.stop(); // the drain plugin closes the listener and waits for in-flight requests
      await cache?.close();
      await store.close();
      await limits.close();
    },
  };
}

/**
 * How long a client may take to send its request: Node's defaults (5 minutes for the request, a
 * minute for headers, checked every 30 s) let slow uploads hold connections for minutes. Only the
 * receiving is bounded, never the time to answer.
 */
function receiveTimeouts(requestTimeoutMs: number): http.ServerOptions {
  return { requestTimeout: requestTimeoutMs, headersTimeout: Math.min(10_000, requestTimeoutMs), connectionsCheckingInterval: Math.min(1_000, requestTimeoutMs) };
}

/** Cache invalidation shares the limits' Redis (REDIS_URL) and key prefix. */
function redisOf(config: Config): { url: string; keyPrefix: string } | undefined {
  return config.limits.redisUrl ? { url: config.limits.redisUrl, keyPrefix: config.limits.keyPrefix } : undefined;
}

async function prepareData(config: Config, store: Store, services: Services, logger: Logger): Promise<void> {
  if (config.bootstrapAdmin && (await services.accounts.ensureAdmin(config.bootstrapAdmin.username, config.bootstrapAdmin.password))) {
    logger.info('created the bootstrap admin account', { username: config.bootstrapAdmin.username });
  }
  if (config.seedDemoData && store.kind === 'embedded') {
    const seeded = await seedDemoEvents(services, (await store.events.count()) === 0);
    if (seeded > 0) logger.info(`seeded ${seeded} demo events into the empty store`);
  }
}

function listen(server: http.Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve(`http://${shownHost}:${address.port}${GRAPHQL_PATH}`);
    });
  });
}
