// The real app on an embedded store whose `events.list` counts its calls, so a test can show that a
// refused request never reached a resolver.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openEmbeddedStore } from '../../src/repositories/embedded';
import type { PageRequest, Store } from '../../src/repositories/ports';
import { startTestApp, type TestApp } from './test-app';

export interface CountingApp {
  t: TestApp;
  /** How many times a resolver asked the store for the events list. */
  listCalls(): number;
  /** Stops the app (which closes the store) and removes its data dir. */
  stop(): Promise<void>;
}

export async function startCountingApp(env: Record<string, string> = {}): Promise<CountingApp> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'flowguard-counting-'));
  const real = await openEmbeddedStore({ dataDir, compactionIntervalMs: 0 });
  let calls = 0;
  const events = Object.assign(Object.create(real.events), {
    list: (page: PageRequest) => {
      calls += 1;
      return real.events.list(page);
    },
  });
  const store = Object.assign(Object.create(real) as Store, { events });
  const t = await startTestApp({ env, dataDir, overrides: { store } });
  const stop = async () => {
    await t.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  return { t, listCalls: () => calls, stop };
}
