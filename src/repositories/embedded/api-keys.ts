import type { ApiKeyRecord, ApiKeyRepository } from '../identity-ports';
import { Collection, type Doc, fromDoc, insertUnique } from './shared';

/** API keys (unique index on prefix, index on userId); rotate and revoke are one conditional update each. */
export class EmbeddedApiKeyRepository implements ApiKeyRepository {
  constructor(private readonly keys: Collection) {}

  /** The unique prefix index decides; ids are UUIDs, so a violation means the prefix is taken. */
  insert(key: ApiKeyRecord): Promise<boolean> {
    return insertUnique(this.keys.db, key);
  }

  async findByPrefix(prefix: string): Promise<ApiKeyRecord | null> {
    const doc = (await this.keys.db.findOneAsync({ prefix })) as Doc | null;
    return doc ? fromDoc<ApiKeyRecord>(doc) : null;
  }

  async listByUser(userId: string): Promise<ApiKeyRecord[]> {
    const docs = (await this.keys.db.findAsync({ userId }).sort({ createdAt: -1, _id: -1 })) as unknown as Doc[];
    return docs.map((doc) => fromDoc<ApiKeyRecord>(doc));
  }

  /** Conditional on the expected hash: the first of two racing rotations changes it, so the second misses. */
  rotate(id: string, userId: string, expectedSecretHash: string, newSecretHash: string, previousSecretExpiresAt: Date | null): Promise<ApiKeyRecord | null> {
    return this.updateOne(
      { _id: id, userId, revokedAt: null, secretHash: expectedSecretHash },
      { secretHash: newSecretHash, previousSecretHash: expectedSecretHash, previousSecretExpiresAt: copyDate(previousSecretExpiresAt) },
    );
  }

  revoke(id: string, userId: string, at: Date): Promise<ApiKeyRecord | null> {
    return this.updateOne({ _id: id, userId, revokedAt: null }, { revokedAt: copyDate(at) });
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.keys.db.updateAsync({ _id: id }, { $set: { lastUsedAt: copyDate(at) } });
  }

  private async updateOne(query: Record<string, unknown>, set: Record<string, unknown>): Promise<ApiKeyRecord | null> {
    const { numAffected, affectedDocuments } = await this.keys.db.updateAsync(query, { $set: set }, { returnUpdatedDocs: true });
    // nedb leaves affectedDocuments undefined (not null) when nothing matched.
    return numAffected === 1 ? fromDoc<ApiKeyRecord>(affectedDocuments as Doc) : null;
  }
}

/** $set keeps the given object in nedb's cache (model.js $set), so store a copy of the caller's Date. */
const copyDate = (value: Date | null): Date | null => (value ? new Date(value.getTime()) : null);
