// The MongoDB implementation of the storage port (official driver). Every business rule is one
// single-document conditional write: no transactions, so no sessions or replica set are needed.
import type { Store } from '../ports';
import { MongoAccountRepository } from './accounts';
import { MongoTicketAllowanceRepository } from './allowances';
import { MongoCommentRepository } from './comments';
import { connectClient, type MongoStoreOptions } from './connect';
import type { AccountDoc, AllowanceDoc, CommentDoc, EventDoc, PurchaseDoc } from './documents';
import { mongoFailure } from './errors';
import { MongoEventRepository } from './events';
import { ensureIndexes } from './indexes';
import { MongoPurchaseRepository } from './purchases';

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
