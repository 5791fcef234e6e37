// The MongoDB implementation of the storage port (official driver). Every business rule is one
// single-document conditional write: no transactions, so no sessions or replica set are needed.
import type { Store } from '../ports';
import { MongoAccountRepository } from './accounts';
import { MongoTicketAllowanceRepository } from './allowances';
import { MongoApiKeyRepository } from './api-keys';
import { MongoAuditRepository } from './audit';
import { MongoCommentRepository } from './comments';
import { connectClient, type MongoStoreOptions } from './connect';
import type {
  AccountDoc, AllowanceDoc, ApiKeyDoc, AuditDoc, CommentDoc, EventDoc, PurchaseDoc, RefreshTokenDoc, TwoFactorDoc,
} from './documents';
import { mongoFailure } from './errors';
import { MongoEventRepository } from './events';
import { ensureIndexes } from './indexes';
import { MongoPurchaseRepository } from './purchases';
import { MongoRefreshTokenRepository } from './refresh-tokens';
import { MongoTwoFactorRepository } from './two-factor';

export type { MongoStoreOptions } from './connect';

export async function openMongoStore(options: MongoStoreOptions): Promise<Store> {
  const { client, dbName, secrets } = await connectClient(options);
  const db = client.db(dbName);
  try {
    await ensureIndexes(db);
  } catch (error) {
    await client.close().catch(() => undefined);
    throw mongoFailure(error, secrets);
  }
  return {
    kind: 'mongodb',
    events: new MongoEventRepository(db.collection<EventDoc>('events')),
    purchases: new MongoPurchaseRepository(db.collection<PurchaseDoc>('purchases')),
    allowances: new MongoTicketAllowanceRepository(db.collection<AllowanceDoc>('ticketAllowances')),
    comments: new MongoCommentRepository(db.collection<CommentDoc>('comments')),
    accounts: new MongoAccountRepository(db.collection<AccountDoc>('accounts')),
    twoFactor: new MongoTwoFactorRepository(db.collection<TwoFactorDoc>('twoFactor')),
    refreshTokens: new MongoRefreshTokenRepository(db.collection<RefreshTokenDoc>('refreshTokens')),
    apiKeys: new MongoApiKeyRepository(db.collection<ApiKeyDoc>('apiKeys')),
    audit: new MongoAuditRepository(db.collection<AuditDoc>('auditEvents')),
    async ping() {
      try {
        await db.command({ ping: 1 });
      } catch (error) {
        throw mongoFailure(error, secrets);
      }
    },
    close: () => client.close(),
  };
}
