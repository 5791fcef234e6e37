// API keys, looked up by their unique public prefix. Rotation and revocation are each one
// conditional write on the owner's unrevoked key, so two racing rotations cannot both win.
import type { Collection } from 'mongodb';
import type { ApiKeyRecord, ApiKeyRepository } from '../identity-ports';
import { toApiKey, toDoc, type ApiKeyDoc } from './documents';
import { insertUnique } from './indexes';

export class MongoApiKeyRepository implements ApiKeyRepository {
  constructor(private readonly keys: Collection<ApiKeyDoc>) {}

  /** The unique prefix index decides; ids are UUIDs, so a violation means the prefix is taken. */
  insert(key: ApiKeyRecord): Promise<boolean> {
    return insertUnique(this.keys, toDoc(key));
  }

  async findByPrefix(prefix: string): Promise<ApiKeyRecord | null> {
    const doc = await this.keys.findOne({ prefix });
    return doc ? toApiKey(doc) : null;
  }

  async listByUser(userId: string): Promise<ApiKeyRecord[]> {
    const docs = await this.keys.find({ userId }).sort({ createdAt: -1, _id: -1 }).toArray();
    return docs.map(toApiKey);
  }

  async rotate(
    id: string, userId: string, expectedSecretHash: string, newSecretHash: string, previousSecretExpiresAt: Date | null,
  ): Promise<ApiKeyRecord | null> {
    const doc = await this.keys.findOneAndUpdate(
      { _id: id, userId, revokedAt: null, secretHash: expectedSecretHash },
      { $set: { secretHash: newSecretHash, previousSecretHash: expectedSecretHash, previousSecretExpiresAt: copyDate(previousSecretExpiresAt) } },
      { returnDocument: 'after' },
    );
    return doc ? toApiKey(doc) : null;
  }

  async revoke(id: string, userId: string, at: Date): Promise<ApiKeyRecord | null> {
    const doc = await this.keys.findOneAndUpdate(
      { _id: id, userId, revokedAt: null },
      { $set: { revokedAt: new Date(at) } },
      { returnDocument: 'after' },
    );
    return doc ? toApiKey(doc) : null;
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.keys.updateOne({ _id: id }, { $set: { lastUsedAt: new Date(at) } });
  }
}

const copyDate = (value: Date | null): Date | null => (value ? new Date(value) : null);
