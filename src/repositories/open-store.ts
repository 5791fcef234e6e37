// Chooses the store from config: MongoDB when MONGODB_URI is set, the embedded store otherwise.
import type { StoreConfig } from '../config';
import type { Logger } from '../logging/logger';
import { openEmbeddedStore, type RecoveredPurchases } from './embedded';
import { openMongoStore } from './mongo';
import type { Store } from './ports';

/** `logger` hears of purchases a crash interrupted that the embedded store repaired on open. */
export function openStore(config: StoreConfig, logger?: Logger): Promise<Store> {
  if (config.kind === 'embedded') {
    const onRecovered = logger && ((recovered: RecoveredPurchases) => logger.warn('embedded store: repaired purchases a crash interrupted (claims removed, tickets and allowances recomputed from completed purchases)', { ...recovered }));
    return openEmbeddedStore({ dataDir: config.dataDir, onRecovered });
  }
  const { kind: _kind, ...options } = config;
  return openMongoStore(options);
}
