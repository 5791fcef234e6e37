// The limits contract against the memory stores (one process; used when REDIS_URL is unset).
import { openLimitStores } from '../../src/limits/open-limit-stores';
import { captureLogger } from '../helpers/log-capture';
import { describeLimitsContract } from './limits-contract';

describeLimitsContract('memory', async () => {
  const stores = await openLimitStores({ keyPrefix: 'flowguard:', memoryMaxKeys: 1000 }, captureLogger().logger);
  return { stores, cleanup: () => stores.close() };
});
