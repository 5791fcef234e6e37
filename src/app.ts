// Composition root: wires config → logger → store → services → schema → Apollo → HTTP.
// Nothing runs at import time; tests build the real app in-process with any store or logger.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config';
import { buildContext } from './context/build-context';
import { buildAppSchema } from './graphql/schema';
import { createApolloServer } from './graphql/apollo';
import { clientAddressResolver } from './http/client-address';
import { createRequestHandler, GRAPHQL_PATH } from './http/server';
import type { CounterStore } from './limits/ports';
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
  /** The flow rules' window counters (default: in this process's memory). */
  counters?: CounterStore;
}

export interface App {
  readonly config: Config;
  readonly logger: Logger;
  readonly store: Store;
  readonly services: Services;
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
  const services = createServices(store, config, logger, overrides.clock, overrides.counters);
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
    contextFor: (req, request) => buildContext(req, request, { services, logger, maxPageSize: config.flows.maxPageSize }),
    isReady: () => store.ping().then(() => true, () => false),
    isClosing: () => closing,
    logger,
  }));

  return {
    config, logger, store, services, httpServer,
    listen: (port = config.port, host = config.host) => listen(httpServer, port, host),
    async stop() {
      closing = true;
      await apollo.stop(); // the drain plugin closes the listener and waits for in-flight requests
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
