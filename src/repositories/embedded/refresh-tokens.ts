import type { RefreshTokenRecord, RefreshTokenRepository } from '../identity-ports';
import { Collection, type Doc, fromDoc, toDoc } from './shared';

/** Refresh tokens by keyed hash (unique index on tokenHash, index on familyId). */
export class EmbeddedRefreshTokenRepository implements RefreshTokenRepository {
  constructor(private readonly tokens: Collection) {}

  async insert(token: RefreshTokenRecord): Promise<void> {
    await this.tokens.db.insertAsync(toDoc(token));
  }

  /** One conditional update: of parallel spends of one token, only the first still finds it unused. */
  async spend(tokenHash: string, at: Date): Promise<RefreshTokenRecord | null> {
    const { numAffected, affectedDocuments } = await this.tokens.db.updateAsync(
      { tokenHash, usedAt: null, revokedAt: null, expiresAt: { $gt: at } },
      { $set: { usedAt: new Date(at.getTime()) } },
      { returnUpdatedDocs: true },
    );
    return numAffected === 1 ? fromDoc<RefreshTokenRecord>(affectedDocuments as Doc) : null;
  }

  async findByHash(tokenHash: string): Promise<RefreshTokenRecord | null> {
    const doc = (await this.tokens.db.findOneAsync({ tokenHash })) as Doc | null;
    return doc ? fromDoc<RefreshTokenRecord>(doc) : null;
  }

  /** Already revoked tokens keep their first revocation time. */
  async revokeFamily(familyId: string, at: Date): Promise<void> {
    await this.tokens.db.updateAsync(
      { familyId, revokedAt: null },
      { $set: { revokedAt: new Date(at.getTime()) } },
      { multi: true },
    );
  }
}
