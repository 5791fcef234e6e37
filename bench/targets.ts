// The servers under test, each over its own embedded store in its own data directory: flowguard
// (the real app, response cache on as by default), flowguard-uncached (CACHE_ENABLED=false: every
// request executes), bare Apollo (the same schema and services behind startStandaloneServer) and
// flowguard-limits-off (uncached, with no document limits, cost, budgets or rate limits: the baseline
// of what all the limits cost).
import fs from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import winston from 'winston';
import { createApp } from '../src/app';
import { ReadNotes } from '../src/cache/read-notes';
import { RequestLoaders } from '../src/context/loaders';
import { loadConfig, type Config } from '../src/config';
import type { RequestContext } from '../src/context/context';
import { principalFrom } from '../src/context/credentials';
import { buildAppSchema } from '../src/graphql/schema';
import { FieldRateLimiter } from '../src/guards/rate-limit';
import { MemoryCounterStore } from '../src/limits/memory-counters';
import { createLogger, type Logger } from '../src/logging/logger';
import { openLimitStores } from '../src/limits/open-limit-stores';
import { openStore } from '../src/repositories/open-store';
import type { Store } from '../src/repositories/ports';
import { createServices, type Services } from '../src/services';

export const SERVER_NAMES = ['flowguard', 'flowguard-uncached', 'bare-apollo', 'flowguard-limits-off'] as const;
export type ServerName = (typeof SERVER_NAMES)[number];

export interface Target {
  url: string;
  store: Store;
  services: Services;
  stop(): Promise<void>;
}

export function startTarget(name: ServerName, dataDir: string): Promise<Target> {
  if (name === 'bare-apollo') return startBareApollo(dataDir);
  if (name === 'flowguard-limits-off') return startFlowguard(dataDir, { CACHE_ENABLED: 'false' }, { withoutLimits: true });
  return startFlowguard(dataDir, name === 'flowguard-uncached' ? { CACHE_ENABLED: 'false' } : {});
}

function benchConfig(dataDir: string, env: Record<string, string> = {}): Config {
  const secret = () => randomBytes(32).toString('hex');
  return loadConfig({
    NODE_ENV: 'production', DATA_DIR: dataDir, LOG_LEVEL: 'info', MAX_TICKETS_PER_ORDER: '10',
    // Every bench request comes from one address: lift the per-address and per-thread flow limits.
    TICKETS_PER_ADDRESS_PER_EVENT: '100000000', COMMENT_THREAD_BURST_LIMIT: '1000000',
    // Each bench buyer buys many single tickets of one event: lift the step-up threshold (its count is still kept).
    STEP_UP_TICKET_THRESHOLD: '100000',
    JWT_SECRET: secret(), TOTP_ENCRYPTION_KEY: secret(), API_KEY_PEPPER: secret(),
    // Every limit stays on and does all its bookkeeping, but the load (one client address, a few
    // thousand requests a second) must not trip them: the bench measures their price, not refusals.
    COST_BUDGET_ANONYMOUS: '10000000/1000000', COST_BUDGET_USER: '10000000/1000000', COST_BUDGET_API_KEY: '10000000/1000000',
    API_KEY_REQUESTS_PER_MINUTE: '1000000',
    RATE_LIMITS: 'buyTicket.perCaller=1000000/60s,buyTicket.perAddress=100000000/60s,postComment.perAddress=1000000/60s',
    ...env,
  });
}

/** The production logger (JSON lines, redaction) writing to /dev/null, so logging costs are counted. */
function devNullLogger(): Logger {
  const stream = fs.createWriteStream('/dev/null');
  return createLogger({ level: 'info', json: true, transports: [new winston.transports.Stream({ stream })] });
}

async function startFlowguard(dataDir: string, env: Record<string, string>, options: { withoutLimits?: boolean } = {}): Promise<Target> {
  const app = await createApp(benchConfig(dataDir, env), { logger: devNullLogger(), withoutLimits: options.withoutLimits });
  const url = await app.listen(0, '127.0.0.1');
  return { url, store: app.store, services: app.services, stop: () => app.stop() };
}

async function startBareApollo(dataDir: string): Promise<Target> {
  const config = benchConfig(dataDir);
  const logger = devNullLogger();
  const store = await openStore(config.store);
  const services = createServices(store, await openLimitStores(config.limits, logger), config, logger);
  const server = new ApolloServer<RequestContext>({ schema: await buildAppSchema({ enforceRateLimits: false }) });
  const rateLimiter = new FieldRateLimiter(new MemoryCounterStore(), logger);
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }) => ({
      services,
      logger,
      maxPageSize: config.flows.maxPageSize,
      rateLimiter, // never called: the bare schema's @rateLimit fields are not wrapped
      cache: new ReadNotes(),
      loaders: new RequestLoaders(services),
      principal: await principalFrom(req.headers, services),
      requestId: randomUUID(),
      clientAddress: req.socket.remoteAddress ?? 'unknown',
    }),
  });
  return { url, store, services, stop: async () => { await server.stop(); await store.close(); } };
}
