// Refresh tokens, stored by keyed hash. Spending is one conditional write: of two requests that
// present the same token at once, exactly one gets the record back.
import type { Collection } from 'mongodb';
import type { RefreshTokenRecord, RefreshTokenRepository } from '../identity-ports';
import { toDoc, toRefreshToken, type RefreshTokenDoc } from './documents';

export class MongoRefreshTokenRepository implements RefreshTokenRepository {
  constructor(private readonly tokens: Collection<RefreshTokenDoc>) {}

  async insert(token: RefreshTokenRecord): Promise<void> {
    await this.tokens.insertOne(toDoc(token));
  }

  async spend(tokenHash: string, at: Date): Promise<RefreshTokenRecord | null> {
    const doc = await this.tokens.findOneAndUpdate(
      { tokenHash, usedAt: null, revokedAt: null, expiresAt: { $gt: at } },
      { $set: { usedAt: new Date(at) } },
      { returnDocument: 'after' },
    );
    return doc ? toRefreshToken(doc) : null;
  }

  async findByHash(tokenHash: string): Promise<RefreshTokenRecord | null> {
    const doc = await this.tokens.findOne({ tokenHash });
    return doc ? toRefreshToken(doc) : null;
  }

  async revokeFamily(familyId: string, at: Date): Promise<void> {
    await this.tokens.updateMany({ familyId, revokedAt: null }, { $set: { revokedAt: new Date(at) } });
  }
}
