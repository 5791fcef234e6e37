// Boots the real app in-process on a free port, with a fresh DATA_DIR (the embedded store on disk)
// unless one is given, and captures every log line for tests that inspect logs.
import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App, type AppOverrides } from '../../src/app';
import { loadConfig } from '../../src/config';
import { ApiClient } from './client';
import { captureLogger } from './log-capture';

export const ADMIN = { username: 'admin', password: 'correct-horse-battery-staple-42' };

export const RELAXED_RATE_LIMITS = [
  'register.perAddress', 'login.perAddress', 'login.perUsernameAndAddress', 'verifyTwoFactor.perAddress', 'refreshToken.perAddress',
  'buyTicket.perCaller', 'buyTicket.perAddress', 'postComment.perCaller', 'postComment.perAddress',
  'confirmTwoFactor.perCaller', 'disableTwoFactor.perCaller', 'createApiKey.perCaller', 'rotateApiKey.perCaller',
].map((name) => `${name}=100000/60s`).join(',');

export interface TestApp {
  app: App;
  client: ApiClient;
  url: string;
  dataDir: string;
  /** Every log line written so far, as JSON text. */
  logs: string[];
  /** Stops the app; removes the data dir unless it was given by the caller. */
  stop(): Promise<void>;
}

export async function startTestApp(options: { env?: Record<string, string>; dataDir?: string; overrides?: AppOverrides } = {}): Promise<TestApp> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'flowguard-test-')));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    BCRYPT_COST: '4',
    BOOTSTRAP_ADMIN_USERNAME: ADMIN.username,
    BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
    // Every test client calls from 127.0.0.1, so per-address limits and budgets are raised here;
    // the tests of those limits set their own RATE_LIMITS and COST_BUDGET_* values.
    RATE_LIMITS: RELAXED_RATE_LIMITS,
    COST_BUDGET_ANONYMOUS: '1000000/100000',
    COST_BUDGET_USER: '1000000/100000',
    COST_BUDGET_API_KEY: '1000000/100000',
    // Every test request comes from 127.0.0.1: the per-address cap has its own tests (flow-rules-*).
    TICKETS_PER_ADDRESS_PER_EVENT: '100000',
    ...options.env,
  });
  const { logger, lines } = captureLogger();
  const app = await createApp(config, { logger, ...options.overrides });
  const url = await app.listen(0, '127.0.0.1');
  return {
    app,
    url,
    dataDir,
    client: new ApiClient(url, { [ADMIN.username]: ADMIN.password }),
    logs: lines,
    async stop() {
      await app.stop();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A unique, valid username for one test (3–32 chars). */
export function uniqueUser(prefix = 'user'): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
}
