// The shared store contract against a real MongoDB, when MONGODB_URI points at one. Each opened
// store gets its own database, dropped in cleanup. Without MONGODB_URI this file skips loudly.
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { openMongoStore, type MongoStoreOptions } from '../../src/repositories/mongo';
import { connectClient } from '../../src/repositories/mongo/connect';
import { describeIdentityContract } from './identity-contract';
import { describeStoreContract } from './store-contract';

const uri = process.env.MONGODB_URI;

function optionsFor(mongoUri: string, dbName: string): MongoStoreOptions {
  return {
    uri: mongoUri, dbName, tlsCaFile: process.env.MONGODB_TLS_CA_FILE || undefined, maxPoolSize: 20,
    serverSelectionTimeoutMS: 5000, connectTimeoutMS: 5000, socketTimeoutMS: 30_000,
  };
}

async function dropDatabase(options: MongoStoreOptions): Promise<void> {
  const { client, dbName } = await connectClient(options);
  try {
    await client.db(dbName).dropDatabase();
  } finally {
    await client.close();
  }
}

if (uri) {
  for (const describeContract of [describeStoreContract, describeIdentityContract]) describeContract('mongodb', async () => {
    const options = optionsFor(uri, `flowguard_contract_${randomUUID().replaceAll('-', '').slice(0, 16)}`);
    const store = await openMongoStore(options);
    const cleanup = async () => {
      await store.close();
      await dropDatabase(options);
    };
    return { store, cleanup };
  });
} else {
  test('mongodb store contract', {
    skip: 'MONGODB_URI is not set: the MongoDB contract suite did not run (the SRV + TLS test still did)',
  }, () => undefined);
}
