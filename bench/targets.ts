// The servers under test, each over its own embedded store in its own data directory: flowguard
// (the real app, response cache on as by default), flowguard-uncached (CACHE_ENABLED=false: every
// request executes) and bare Apollo (the same schema and services behind startStandaloneServer).
import fs from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import winston from 'winston';
import { createApp } from '../src/app';
import { ReadNotes } from '../src/cache/read-notes';
import { loadConfig, type Config } from '../src/config';
import type { RequestContext } from '../src/context/context';
import { principalFrom } from '../src/context/credentials';
import { buildAppSchema } from '../src/graphql/schema';
import { createLogger, type Logger } from '../src/logging/logger';
import { openStore } from '../src/repositories/open-store';
import type { Store } from '../src/repositories/ports';
import { createServices, type Services } from '../src/services';

export const SERVER_NAMES = ['flowguard', 'flowguard-uncached', 'bare-apollo'] as const;
export type ServerName = (typeof SERVER_NAMES)[number];

export interface Target {
  url: string;
  store: Store;
  services: Services;
  stop(): Promise<void>;
}

export function startTarget(name: ServerName, dataDir: string): Promise<Target> {
  if (name === 'bare-apollo') return startBareApollo(dataDir);
  return startFlowguard(dataDir, name === 'flowguard-uncached' ? { CACHE_ENABLED: 'false' } : {});
}

function benchConfig(dataDir: string, env: Record<string, string> = {}): Config {
  const secret = () => randomBytes(32).toString('hex');
  return loadConfig({
    NODE_ENV: 'production', DATA_DIR: dataDir, LOG_LEVEL: 'info', MAX_TICKETS_PER_ORDER: '10',
    JWT_SECRET: secret(), TOTP_ENCRYPTION_KEY: secret(), API_KEY_PEPPER: secret(), ...env,
  });
}

/** The production logger (JSON lines, redaction) writing to /dev/null, so logging costs are counted. */
function devNullLogger(): Logger {
  const stream = fs.createWriteStream('/dev/null');
  return createLogger({ level: 'info', json: true, transports: [new winston.transports.Stream({ stream })] });
}

async function startFlowguard(dataDir: string, env: Record<string, string>): Promise<Target> {
  const app = await createApp(benchConfig(dataDir, env), { logger: devNullLogger() });
  const url = await app.listen(0, '127.0.0.1');
  return { url, store: app.store, services: app.services, stop: () => app.stop() };
}

async function startBareApollo(dataDir: string): Promise<Target> {
  const config = benchConfig(dataDir);
  const logger = devNullLogger();
  const store = await openStore(config.store);
  const services = createServices(store, config, logger);
  const server = new ApolloServer<RequestContext>({ schema: await buildAppSchema() });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }) => ({
      services,
      logger,
      maxPageSize: config.flows.maxPageSize,
      cache: new ReadNotes(config.cache.maxAges),
      principal: await principalFrom(req.headers, services),
      requestId: randomUUID(),
      clientAddress: req.socket.remoteAddress ?? 'unknown',
    }),
  });
  return { url, store, services, stop: async () => { await server.stop(); await store.close(); } };
}
