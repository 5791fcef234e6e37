// Chooses the store from config: MongoDB when MONGODB_URI is set, the embedded store otherwise.
import type { StoreConfig } from '../config';
import { openEmbeddedStore } from './embedded';
import { openMongoStore } from './mongo';
import type { Store } from './ports';

export function openStore(config: StoreConfig): Promise<Store> {
  if (config.kind === 'embedded') return openEmbeddedStore({ dataDir: config.dataDir });
  const { kind: _kind, ...options } = config;
  return openMongoStore(options);
}
