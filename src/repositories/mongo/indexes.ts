import { MongoServerError, type Collection, type Db, type Document, type OptionalUnlessRequiredId } from 'mongodb';

/** The indexes the port's rules and queries rely on; createIndex is a no-op when one exists. */
export async function ensureIndexes(db: Db): Promise<void> {
  await Promise.all([
    db.collection('events').createIndex({ startsAt: 1, _id: 1 }, { name: 'startsAt_id' }),
    db.collection('purchases').createIndex({ userId: 1, idempotencyKey: 1 }, { name: 'userId_idempotencyKey', unique: true }),
    db.collection('purchases').createIndex({ userId: 1, status: 1, createdAt: -1, _id: -1 }, { name: 'userId_status_createdAt_id' }),
    db.collection('ticketAllowances').createIndex({ userId: 1, eventId: 1 }, { name: 'userId_eventId', unique: true }),
    db.collection('comments').createIndex({ eventId: 1, createdAt: -1, _id: -1 }, { name: 'eventId_createdAt_id' }),
    db.collection('accounts').createIndex({ username: 1 }, { name: 'username', unique: true }),
    // twoFactor needs none: its _id is the userId.
    db.collection('refreshTokens').createIndex({ tokenHash: 1 }, { name: 'tokenHash', unique: true }),
    db.collection('refreshTokens').createIndex({ familyId: 1 }, { name: 'familyId' }),
    db.collection('apiKeys').createIndex({ prefix: 1 }, { name: 'prefix', unique: true }),
    db.collection('apiKeys').createIndex({ userId: 1, createdAt: -1, _id: -1 }, { name: 'userId_createdAt_id' }),
    db.collection('auditEvents').createIndex({ at: -1, _id: -1 }, { name: 'at_id' }),
    db.collection('auditEvents').createIndex({ action: 1, at: -1, _id: -1 }, { name: 'action_at_id' }),
    db.collection('auditEvents').createIndex({ userId: 1, at: -1, _id: -1 }, { name: 'userId_at_id' }),
    db.collection('auditEvents').createIndex({ clientAddress: 1, at: -1, _id: -1 }, { name: 'clientAddress_at_id' }),
  ]);
}

export function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === 11000;
}

/** Inserts the document unless a unique index refuses it; false (nothing changed) when it does. */
export async function insertUnique<T extends Document>(collection: Collection<T>, doc: OptionalUnlessRequiredId<T>): Promise<boolean> {
  try {
    await collection.insertOne(doc);
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}
