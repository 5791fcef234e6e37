// Composition root: wires config → logger → store → services → schema → Apollo → HTTP.
// Nothing runs at import time; tests build the real app in-process with any store or logger.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { openTaggedCache, threadTag, type TaggedCache } from './cache';
import type { Config } from './config';
import { buildContext } from './context/build-context';
import { buildAppSchema } from './graphql/schema';
import { createApolloServer } from './graphql/apollo';
import { clientAddressResolver } from './http/client-address';
import { ResponseCache, type CachedResponse } from './http/response-cache';
import { admitEveryCachedRead, createRequestHandler, GRAPHQL_PATH, type HandlerDeps } from './http/server';
import { createLogger, type Logger } from './logging/logger';
import { openStore } from './repositories/open-store';
import type { Store } from './repositories/ports';
import { createServices, type Services } from './services';
import type { Clock } from './services/clock';
import { seedDemoEvents } from './services/demo-data';

export interface AppOverrides {
  store?: Store;
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
  /** Graceful stop: refuse new requests (503), drain in-flight ones, close the store. */
  stop(): Promise<void>;
}

export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const logger = overrides.logger ?? createLogger({ level: config.logLevel, json: config.isProduction });
  for (const warning of config.warnings) logger.warn(warning);
  const store = overrides.store ?? (await openStore(config.store));
  const cache = config.cache.enabled ? openTaggedCache<CachedResponse>({ ...config.cache, redis: config.redis }, logger) : undefined;
  const services = createServices(store, config, logger, overrides.clock, {
    commentPosted: async (comment) => cache?.invalidate(threadTag(comment.eventId)),
  });
  await prepareData(config, store, services, logger);

  const httpServer = http.createServer();
  const apollo = createApolloServer(await buildAppSchema(), httpServer, config, logger);
  await apollo.start();
  let closing = false;
  httpServer.on('request', createRequestHandler({
    apollo,
    production: config.isProduction,
    corsOrigins: config.http.corsOrigins,
    maxBodyBytes: config.http.maxBodyBytes,
    clientAddressOf: clientAddressResolver(config.http.trustProxy),
    contextFor: (req, request) => buildContext(req, request, { services, logger, maxPageSize: config.flows.maxPageSize, cacheMaxAges: config.cache.maxAges }),
    isReady: () => store.ping().then(() => true, () => false),
    isClosing: () => closing,
    logger,
    responseCache: cache && new ResponseCache(cache),
    admitCachedRead: overrides.admitCachedRead ?? admitEveryCachedRead,
  }));

  return {
    config, logger, store, services, httpServer, responseCache: cache,
    listen: (port = config.port, host = config.host) => listen(httpServer, port, host),
    async stop() {
      closing = true;
      await apollo.stop(); // the drain plugin closes the listener and waits for in-flight requests
      await cache?.close();
      await store.close();
    },
  };
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
